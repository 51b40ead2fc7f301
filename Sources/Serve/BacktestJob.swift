/// A queued, running or finished job of the backtest service, as its store keeps it.
public struct BacktestJob: Codable, Sendable, Equatable {
    public var id: Int64
    public var request: JobRequest
    /// `queued`, `running`, `done` or `failed`.
    public var state: String
    public var submittedBy: String
    public var submittedMs: Int64
    public var startedMs: Int64?
    public var finishedMs: Int64?
    /// The evidence directory of the last attempt (report.json, report.html, MANIFEST.sha256, ...).
    public var outDir: String?
    public var exitCode: Int?
    /// The job's last output lines when it failed, or its summary line.
    public var message: String?
    public var attempts: Int

    enum CodingKeys: String, CodingKey {
        case id, request, state, attempts, message
        case submittedBy = "submitted_by", submittedMs = "submitted_ms", startedMs = "started_ms", finishedMs = "finished_ms"
        case outDir = "out_dir", exitCode = "exit_code"
    }
}
