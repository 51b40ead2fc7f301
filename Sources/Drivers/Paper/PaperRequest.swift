public import SparkConfig
public import Engine
public import LuaRuntime
public import Strategies
import Approvals
import Desk
public import SparkCore

/// A paper session: a live-paced feed, the simulated venue, and a journal of everything.
public struct PaperRequest: Sendable {
    /// The project whose approvals, policies and state the session uses.
    public var project: Project
    public var strategyPath: String
    /// A recorded bar file (CSV) replayed as the feed, or, with ``liveFeed``, the live feed's name
    /// (`binance:BTCUSDT`), which also seeds the session id.
    public var feedPath: String
    /// A live market feed; when set, bars come from it instead of ``feedPath``, and the session does
    /// not pace them (they arrive as the market closes them; give ``speed`` 1, real time, to say so).
    public var liveFeed: (any PaperBarFeed)?
    public var symbol: String
    public var interval: String = "1m"
    public var paramsPath: String?
    public var overrides: [String: ParamValue] = [:]
    public var cash: Double = 10_000
    public var fillModel = FillModel()
    public var seed: UInt64 = 1
    public var limits = LuaLimits()
    public var instrumentsPath: String?
    /// What the feed is; a recorded file unless a live connector (or a test) says otherwise.
    public var feed = FeedKind.recordedFile
    /// Feed speed as a multiple of real time (60 = a minute of bars per second); nil = as fast as possible.
    public var speed: Double?
    public var journalPath: String
    /// The guardrail policy, inside the project's policies directory (default: `default.yaml` there);
    /// paper always runs under one.
    public var policyPath: String?
    /// Who started the session, for the audit log.
    public var actor = "unknown"
    /// The identity of a policy file the gate compares with approved policy proposals: the canonical
    /// hash for guardrail policies, the file's bytes for other policy files (approval.yaml).
    public var policyHash: @Sendable (String) throws -> String = PolicyFile.identity
    /// Called after each bar the session fed, with the count so far (the CLI's progress line).
    public var progress: (@Sendable (_ barsFed: Int) -> Void)?
    /// Appends a telemetry line after each bar (a supervisor's `spark serve` tails it); nil for none.
    public var telemetryPath: String?
    /// Replaces the journal file (tests: a disk that fills up after so many bytes).
    var journalSink: (@Sendable (String) -> any LineSink)?

    public init(project: Project, strategyPath: String, feedPath: String, symbol: String, journalPath: String) {
        self.project = project
        self.strategyPath = strategyPath
        self.feedPath = feedPath
        self.symbol = symbol
        self.journalPath = journalPath
    }
}

/// How a paper session ended.
public struct PaperSummary: Sendable {
    public var sessionID: String
    public var journalPath: String
    public var bars: Int
    public var decisions: Int
    public var failure: StrategyFailure?
    public var equity: Double
    public var portfolio: String
    public var stoppedEarly: Bool
    /// Why the session stopped because its approval no longer stood (expired, revoked, superseded).
    public var lapsed: String?
    /// Orders rejected, by the rule (or breaker, or `kill-switch`) that rejected them.
    public var rejectionsByRule: [String: Int]
}
