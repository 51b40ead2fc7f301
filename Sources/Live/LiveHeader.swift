import SparkCore

/// A live journal's first line: everything a replay needs to rebuild the session.
public struct LiveHeader: Sendable, Equatable, Codable {
    /// The journal format; 1 is the first live format.
    public var version: Int
    public static let currentVersion = 1
    public var session: String
    public var startedAt: Int64
    public var config: LiveConfig
    public var strategyPath: String
    public var strategySource: String
    public var strategySHA256: String
    /// Params as text, re-typed by the strategy's schema on replay.
    public var params: [String: String]
    public var paramsSHA256: String
    public var instrument: LiveInstrument
    /// The guardrail policy as loaded (path, text, Lua sources, hash); nil runs unguarded.
    public var policyPath: String?
    public var policyText: String?
    public var policyLua: [String: String]
    public var policySHA256: String?
    /// The exchange's rules for the symbol when the session started.
    public var rules: LiveRules
    /// The starting cash (the quote balance adopted at the first start).
    public var cash: Double
    /// The journal this one continues (a restart), whose inputs come first; nil at the first start.
    public var previous: String?
    public var previousSHA256: String?
}
