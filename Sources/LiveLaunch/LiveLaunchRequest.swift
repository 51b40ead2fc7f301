public import SparkConfig

/// What `spark live` was asked to run, before anything is checked.
public struct LiveLaunchRequest: Sendable {
    /// The project whose approvals, policies, state and `live:` settings the session uses.
    public var project: Project
    public var strategyPath: String
    public var paramsPath: String?
    /// The exchange symbol ("BTCUSDT").
    public var symbol: String
    /// The bar interval of the market feed ("1m").
    public var interval = "1m"
    /// The guardrail policy (default: `default.yaml` in the project's policies directory).
    public var policyPath: String?
    /// The new journal; it must not exist.
    public var journalPath: String
    /// The journal of the session this one continues (after a crash or a stop): its state is rebuilt,
    /// then reconciled with the exchange.
    public var previousJournal: String?
    /// Who starts the session, for the audit log.
    public var actor = "unknown"
    /// The credentials file; nil takes `SPARK_LIVE_CREDENTIALS`, then spark.yaml's `live.credentials`.
    public var credentialsPath: String?
    /// Stops after this many closed bars (nil: until stopped).
    public var maxBars: Int?
    /// Appends a telemetry line every second (a supervisor's `spark serve` tails it); nil for none.
    public var telemetryPath: String?

    public init(project: Project, strategyPath: String, symbol: String, journalPath: String) {
        self.project = project
        self.strategyPath = strategyPath
        self.symbol = symbol
        self.journalPath = journalPath
    }
}
