public import Telemetry

/// A session the executor runs in its own process, as the executor's store keeps it.
public struct SupervisedSession: Codable, Sendable, Equatable {
    public var id: String
    public var request: SessionRequest
    /// `starting`, `running`, `restarting`, `stopped`, `finished` or `failed`.
    public var state: String
    public var pid: Int32?
    /// The journals of the session, one per process run, oldest first.
    public var journals: [String]
    public var telemetry: String
    public var log: String
    public var restarts: Int
    public var startedBy: String
    public var createdMs: Int64
    public var updatedMs: Int64
    /// Why the session stopped or failed.
    public var reason: String?
    /// The latest telemetry: positions, PnL, open orders, recent decisions.
    public var status: TelemetryLine?

    enum CodingKeys: String, CodingKey {
        case id, request, state, pid, journals, telemetry, log, restarts, reason, status
        case startedBy = "started_by", createdMs = "created_ms", updatedMs = "updated_ms"
    }
}
