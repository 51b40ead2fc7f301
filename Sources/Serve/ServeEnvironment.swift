public import Foundation
public import SparkConfig

/// What every service shares: the project, its settings, the service store, the clock, the log and
/// the `spark` executable that session and job processes run.
public struct ServeEnvironment: Sendable {
    public let project: Project
    public let database: ServeDatabase
    public let metrics: ServiceMetrics
    /// The `spark` binary children run (the serving binary itself, unless a test names another).
    public let executable: String
    public let now: @Sendable () -> Date
    public let log: @Sendable (String) -> Void

    public init(project: Project, database: ServeDatabase, metrics: ServiceMetrics, executable: String, now: @escaping @Sendable () -> Date, log: @escaping @Sendable (String) -> Void) {
        self.project = project
        self.database = database
        self.metrics = metrics
        self.executable = executable
        self.now = now
        self.log = log
    }

    public var settings: ServeSettings { project.settings.serve }

    /// Where the services keep their sessions' and jobs' files: `<state>/serve`.
    public var directory: String { "\(project.stateDirectory)/serve" }

    func nowMs() -> Int64 { Int64((now().timeIntervalSince1970 * 1000).rounded()) }
}
