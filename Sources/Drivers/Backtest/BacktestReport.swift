public import Engine
public import Strategies
public import SparkCore

/// The outcome of a backtest: metrics plus the evidence needed to trust and reproduce them.
public struct BacktestReport: Sendable {
    /// The version of report.json this build writes (its `format_version`): 2 added it, with
    /// decisions as self-contained records and the fill model's execution settings.
    public static let formatVersion = 2

    /// Derived from the strategy source, params, data source and configuration: equal inputs, equal id.
    public var runID: String
    public var strategyName: String
    public var strategyPath: String
    public var strategySHA256: String
    public var params: String
    /// The resolved params, typed, as the strategy saw them.
    public var paramValues: [String: ParamValue] = [:]
    public var symbol: String
    public var interval: String
    public var dataDescription: String
    /// SHA-256 of the bars the run read (``BarDigest``); nil when the run wrote no files and was not given a series.
    public var dataSHA256: String?
    public var firstTime: Int64?
    public var lastTime: Int64?
    /// Bars fed to the strategy.
    public var bars: Int
    /// Seconds spent in the run loop (reading and simulating), strategy load excluded.
    public var elapsedSeconds: Double
    public var metrics: PerformanceMetrics
    public var ordersSubmitted: Int
    public var ordersRejected: Int
    public var fillModel: FillModel
    public var initialCash: Double
    public var warnings: [String]
    /// The first closed trades, up to ``BacktestRequest/keptTrades``: a run streams every trade to
    /// trades.csv and its statistics, so ``metrics`` counts them all (`metrics.trades`).
    public var trades: [ClosedTrade]
    /// The policy the run traded under (nil: unguarded) and its canonical SHA-256.
    public var policyName: String?
    public var policySHA256: String?
    /// Guardrail rejections per rule id.
    public var rejectionsByRule: [String: Int] = [:]
    /// Breaker trips and resets, in order: the first ``BacktestRequest/keptBreakerEvents``.
    public var breakerEvents: [BreakerTransition] = []
    /// Every breaker trip and reset of the run, kept in ``breakerEvents`` or not.
    public var breakerEventCount = 0
    /// Orders the strategy asked for and their verdicts, in order: every one when
    /// ``BacktestRequest/keptVerdicts`` is nil (`policy whatif`), else the first ones, then only
    /// rejections, up to as many again. decisions.jsonl lists every order decision.
    public var orderVerdicts: [OrderVerdict] = []
    /// The SHA-256 (hex) of each file the run wrote to its output directory, by name, hashed as it
    /// was written (evidence lists them without reading the files again); empty without `--out`.
    public var fileSHA256: [String: String] = [:]
}
