/// One guardrail decision as the store keeps it: the searchable fields plus the full JSON record.
public struct StoredDecision: Sendable, Equatable {
    public var time: Int64
    public var mode: String
    public var strategy: String
    /// `allow` or `reject`.
    public var verdict: String
    public var rule: String?
    public var code: String?
    public var symbol: String
    public var policySHA256: String?
    public var paramsSHA256: String
    /// The decision-log line, exactly as written to decisions.jsonl.
    public var recordJSON: String

    public init(
        time: Int64, mode: String, strategy: String, verdict: String, rule: String?, code: String?, symbol: String,
        policySHA256: String?, paramsSHA256: String, recordJSON: String
    ) {
        self.time = time
        self.mode = mode
        self.strategy = strategy
        self.verdict = verdict
        self.rule = rule
        self.code = code
        self.symbol = symbol
        self.policySHA256 = policySHA256
        self.paramsSHA256 = paramsSHA256
        self.recordJSON = recordJSON
    }
}
