public import Foundation
import Approvals

/// `spark flatten`: asks the running session of a strategy to cancel its resting orders and close its
/// positions with orders that only reduce; the one kind of order an engaged kill switch lets through.
public enum Flatten {
    /// Queues the flatten for the session of `strategy` running in `project`, records it in the runtime
    /// log, and returns that session.
    ///
    /// - Throws: ``ConfigError`` (code `state`) when no session of `strategy` runs: a paper session's
    ///   positions live only in that session, so there is nothing to flatten.
    public static func request(project: Project, strategy: String, by: String, reason: String, at time: Date) throws(ConfigError) -> SessionLock.Holder {
        let sessions = SessionLock.running(in: SessionLock.directory(stateDirectory: project.stateDirectory))
        guard let session = sessions.first(where: { $0.strategy == strategy }) else {
            let others = sessions.map(\.strategy)
            throw ConfigError(
                .state, "no session of strategy \(strategy) is running in project \(project.settings.name); there is nothing to flatten",
                file: project.root, hint: others.isEmpty ? "no session of this project is running" : "running: \(others.joined(separator: ", "))"
            )
        }
        try GuardStateStore(directory: project.stateDirectory).requestFlatten(
            strategy: strategy, by: by, reason: reason, at: time, audit: GovernanceLogs(approvalsDirectory: project.approvalsDirectory, stateDirectory: project.stateDirectory).runtimeLogForOperator()
        )
        return session
    }
}
