public import Engine
public import SparkCore
import LuaRuntime
public import Strategies

/// The first line of a journal: everything a replay needs to rebuild the run, including the
/// strategy's source, so a replay does not depend on the file still being as it was.
public struct JournalHeader: Sendable, Equatable {
    public var version = JournalHeader.currentVersion
    /// The journal format this build writes and reads: 2 added the feed kind and speed; 3 records
    /// decisions as self-contained records (order types, time in force, origins) and the whole fill model.
    public static let currentVersion = 3
    public var sessionID: String
    public var strategyPath: String
    public var strategySource: String
    public var strategySHA256: String
    public var params: [String: ParamValue]
    /// The params' canonical hash and the proposal that approved them (provenance; replay does not need them).
    public var paramsSHA256 = ""
    public var approval: String?
    public var symbol: String
    public var instrument: Instrument
    public var interval: String
    public var cash: Double
    public var fillModel: FillModel
    public var seed: UInt64
    public var timeBudgetMs: Int
    public var instructionBudget: Int?
    public var memoryLimit: Int
    /// What fed the bars (``FeedKind/name``) and whether it was a live market feed.
    public var feedKind = FeedKind.recordedFile.name
    public var feedIsLive = false
    /// Pace as a multiple of real time; nil for as fast as possible.
    public var speed: Double?
    /// Wall-clock start, for people; never read by the engine.
    public var startedAt: String
    /// The guardrail policy as written, with its Lua rule sources, so a replay decides under exactly it.
    public var policyPath: String?
    public var policyText: String?
    public var policyLuaSources: [String: String] = [:]
    public var policySHA256: String?
    /// Breaker state restored at the session's start (JSON of a `GuardrailsSnapshot`), if any.
    public var guardState: String?
}
