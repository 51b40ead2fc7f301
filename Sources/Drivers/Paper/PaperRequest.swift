public import Engine
public import LuaRuntime
public import Strategies
import Approvals

/// A paper session: a live-paced feed, the simulated venue, and a journal of everything.
public struct PaperRequest: Sendable {
    public var strategyPath: String
    /// A recorded bar file (CSV) replayed as the live feed until exchange connectors exist.
    public var feedPath: String
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
    /// The guardrail policy; paper always runs under one.
    public var policyPath = "policies/default.yaml"
    /// Where breaker state and the kill flag live (see ``GuardStateStore``).
    public var stateDirectory = "state"
    /// Where keys, proposals and signatures live; the launch gate reads them before the first bar.
    public var approvalsDirectory = "approvals"
    /// The policies in force (approval.yaml among them).
    public var policiesDirectory = "policies"
    /// Who started the session, for the audit log.
    public var actor = "unknown"
    /// The identity of a policy file the gate compares with approved policy proposals: the canonical
    /// hash for guardrail policies, the file's bytes for other policy files (approval.yaml).
    public var policyHash: @Sendable (String) throws -> String = PolicyFile.identity

    public init(strategyPath: String, feedPath: String, symbol: String, journalPath: String) {
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
}
