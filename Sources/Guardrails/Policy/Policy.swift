/// A guardrail policy: where it applies, the pre-trade rules every order passes, and the breakers.
///
/// Loaded strictly from `policies/*.yaml` (see `PolicyFile` in Drivers); its identity is the SHA-256
/// of ``canonicalForm``, so two spellings of the same policy have the same hash.
public struct Policy: Sendable, Equatable {
    public var name: String
    public var description: String?
    public var appliesTo: PolicyScope
    public var rules: [Rule]
    public var breakers: [BreakerSpec]
    /// Lua rule sources by the path written in the policy, so the canonical form covers their text.
    public var luaSources: [String: String]

    public init(
        name: String, description: String? = nil, appliesTo: PolicyScope = PolicyScope(), rules: [Rule] = [],
        breakers: [BreakerSpec] = [], luaSources: [String: String] = [:]
    ) {
        self.name = name
        self.description = description
        self.appliesTo = appliesTo
        self.rules = rules
        self.breakers = breakers
        self.luaSources = luaSources
    }
}
