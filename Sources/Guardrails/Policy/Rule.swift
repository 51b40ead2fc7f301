/// One pre-trade rule of a policy: an id that decisions cite, where it applies, and what it checks.
public struct Rule: Sendable, Equatable {
    public var id: String
    public var kind: RuleKind
    /// Symbols the rule checks; empty = every symbol.
    public var symbols: [String]
    /// Strategies the rule checks; empty = every strategy.
    public var strategies: [String]
    public var description: String?

    public init(id: String, kind: RuleKind, symbols: [String] = [], strategies: [String] = [], description: String? = nil) {
        self.id = id
        self.kind = kind
        self.symbols = symbols
        self.strategies = strategies
        self.description = description
    }
}
