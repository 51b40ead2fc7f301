public import Engine

/// How one scenario ended: its metrics, or the error that stopped it.
public struct ScenarioOutcome: Sendable {
    public var scenario: Scenario
    /// nil when the scenario failed.
    public var metrics: PerformanceMetrics?
    /// Why the scenario failed (strategy error, budget overrun), with its location.
    public var error: String?
    public var bars: Int
    public var orders: Int
    public var rejected: Int
    /// The backtest's run id (names its inputs); nil when it failed.
    public var runID: String?
    /// Seconds in the backtest's run loop; wall time, so never part of a reproducible artifact.
    public var elapsedSeconds: Double
    /// Found in the store from an earlier run of the same scenario rather than run now.
    public var reused: Bool

    public var failed: Bool { metrics == nil }
}
