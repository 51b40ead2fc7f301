import Foundation
import Engine
import SparkCore
import Approvals
import SparkConfig
import Desk

/// The paper driver: wall-clock pacing, the simulated venue, and a journal a replay can reproduce.
///
/// It differs from the backtest only in pacing, journaling and in what a strategy failure does:
/// the strategy halts, the journal records where, and the session goes on marking its portfolio.
public enum Paper {
    /// Runs the session until the feed ends or `shouldStop` says so.
    ///
    /// - Parameters:
    ///   - clock: paces the feed; tests pass a clock that does not sleep. It is also the session's one
    ///     wall clock: the time of any moment is `wallTime` plus the clock's elapsed time since the start.
    ///   - wallTime: the start time (ISO 8601, milliseconds kept): written to the journal header and the
    ///     time the launch gate checks approvals against; never seen by the engine.
    ///
    /// Between bars (at most every 200 ms) the session asks the gate again; once its approval expired,
    /// its signer's key was revoked or a newer approval superseded it, the session ends before the
    /// next bar with ``PaperSummary/lapsed`` saying why (positions stay as the journal shows them).
    /// - Throws: an ``ApprovalError`` (code `refused`) naming what is missing when the exact params
    ///   and strategy lack a valid paper quorum in the project's approvals; a ``ConfigError`` (code
    ///   `project`) when the guardrail policy lies outside the project's policies directory.
    public static func run<C: Clock>(
        _ request: PaperRequest, clock: C, wallTime: String, shouldStop: () -> Bool = { false }, log: @escaping (String) -> Void
    ) async throws -> PaperSummary where C.Duration == Duration {
        let session = try await PaperSession(request, clock: clock, wallTime: wallTime, log: log)
        defer { session.close() }
        var writeFailure: ConfigError?
        do {
            try await session.feed(shouldStop: shouldStop)
        } catch let error as ConfigError where error.code == .unwritable {
            writeFailure = error
        }
        session.feedWarnings().forEach(log)
        if let writeFailure {
            // Journaled where the disk still allows, closed out as a replay will close it out; the
            // session ends here either way, never half-running.
            session.finishIfNeeded()
            try? session.journal.end(engine: session.kernel.engine, reason: "write failed: \(writeFailure.message)")
            throw ConfigError(
                .unwritable, "the session stopped after bar \(session.barsFed): \(writeFailure.message)", file: writeFailure.file,
                hint: "\(writeFailure.hint ?? "check the disk"); the journal up to there replays with spark replay \(request.journalPath)"
            )
        }
        return try session.end()
    }

    /// The policy file's modification time and size: what tells a session the file changed.
    static func stamp(_ path: String) -> [String] {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return [] }
        return ["\((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)", "\(attributes[.size] ?? 0)"]
    }
}
