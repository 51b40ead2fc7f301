public import Engine
public import LuaRuntime
public import SparkCore
public import Strategies

/// Everything a backtest depends on. Two runs of equal requests over equal data give equal results.
public struct BacktestRequest: Sendable {
    /// Where bars come from.
    public enum DataSource: Sendable, Equatable {
        /// A CSV file with a header (time, open, high, low, close, volume).
        case csv(path: String)
        /// The SQLite bar store.
        case database(path: String)
    }

    public var strategyPath: String
    /// The strategy's text when it is not to be read from ``strategyPath`` (evidence re-runs use the
    /// copy they recorded); reports still name ``strategyPath``.
    public var strategySource: String?
    public var data: DataSource
    public var symbol: String
    /// The bars' interval as given (`--interval`), checked against their spacing; nil leaves it to
    /// the spacing, so a default never mislabels daily bars as minutes (docs/data.md).
    public var declaredInterval: String?
    /// The interval the store is read at and resampling builds: the declared one, else `1m`.
    /// Setting it declares it.
    public var interval: String {
        get { declaredInterval ?? "1m" }
        set { declaredInterval = newValue }
    }
    /// When set, read bars of this interval and aggregate them to ``interval`` on the fly (1m → 1h).
    public var resampleFrom: String?
    /// Inclusive time range in ms since the epoch.
    public var from: Int64?
    public var to: Int64?
    public var paramsPath: String?
    public var overrides: [String: ParamValue] = [:]
    public var cash: Double = 10_000
    public var fillModel = FillModel()
    public var seed: UInt64 = 1
    public var limits = LuaLimits()
    public var instrumentsPath: String?
    /// Writes trades.csv, fills.csv, equity.csv, report.json, decisions.jsonl and run.log here when set.
    public var outDirectory: String?
    /// Stop at the first bad CSV row instead of skipping it with a warning.
    public var strictData = false
    /// Run even when more than ``BarFeed`` accepts (1%) of the CSV rows are bad; the count of skipped
    /// rows is then in the report's warnings.
    public var skipBadRows = false
    /// Whether the strategy's `ctx:log` and `print` lines are echoed to stderr (they always go to
    /// run.log with `--out`); sweeps turn it off so hundreds of scenarios do not interleave.
    public var echoStrategyLog = true
    /// Decisions (submitted, rejected, filled, ended, …) a run may make before it fails. A backtest
    /// streams them to decisions.jsonl, fills.csv and the store as it goes and keeps none in memory,
    /// so the cap bounds the size of those files and rows (and a runaway strategy's run time), not memory.
    public var maxDecisions = 1_000_000
    /// Closed trades the report keeps in ``BacktestReport/trades`` (the first ones); trades.csv and
    /// the metrics have them all.
    public var keptTrades = 10_000
    /// Order verdicts the report keeps in ``BacktestReport/orderVerdicts``: the first ones, then
    /// rejections only, up to as many again; nil keeps every verdict (`policy whatif` compares them all).
    public var keptVerdicts: Int? = 1_000
    /// Breaker transitions the report keeps in ``BacktestReport/breakerEvents`` (the first ones);
    /// run.log has them all and ``BacktestReport/breakerEventCount`` counts them.
    public var keptBreakerEvents = 1_000
    /// The guardrail policy every order passes; nil runs unguarded (backtests only).
    public var policyPath: String?

    public init(strategyPath: String, data: DataSource, symbol: String) {
        self.strategyPath = strategyPath
        self.data = data
        self.symbol = symbol
    }
}
