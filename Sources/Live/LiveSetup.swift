import Approvals
public import Session
public import SparkCore

/// What a live session runs: the strategy, its params, the policy, the instrument and the knobs.
public struct LiveSetup: Sendable {
    public var config: LiveConfig
    public var strategyPath: String
    public var strategySource: String
    public var params: [String: ParamValue]
    /// The engine's grid for the symbol (the instruments file's entry).
    public var instrument: Instrument
    /// The guardrail policy file; nil runs unguarded.
    public var policyPath: String?
    /// The launch gate (live approvals); nil only in tests and replays.
    public var gate: LaunchCheck?
    /// Who operates the session, for the audit log.
    public var actor: String

    /// A session's setup; `gate` is required for real trading (the caller builds it from the project).
    public init(
        config: LiveConfig, strategyPath: String, strategySource: String, params: [String: ParamValue] = [:], instrument: Instrument,
        policyPath: String? = nil, gate: LaunchCheck? = nil, actor: String = "operator"
    ) {
        self.config = config
        self.strategyPath = strategyPath
        self.strategySource = strategySource
        self.params = params
        self.instrument = instrument
        self.policyPath = policyPath
        self.gate = gate
        self.actor = actor
    }
}
