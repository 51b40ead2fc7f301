/// One pre-trade rule of a policy: an id that decisions cite, where it applies, and what it checks.
public struct Rule: Sendable, Equatable {
    public var id: String
    public var kind: RuleKind
    /// Symbols the rule checks; empty = every symbol.
    public var symbols: [String]
    /// Strategies the rule checks; empty = every strategy.
    public var strategies: [String]
    public var description: String?
    /// Whether a size limit (``RuleKind/maxOrderQuantity(limit:)``, ``RuleKind/maxOrderNotional(limit:)``)
    /// also checks orders that only reduce a position. Off by default: a tightened limit must never
    /// trap an open position.
    public var checksReducing: Bool

    public init(id: String, kind: RuleKind, symbols: [String] = [], strategies: [String] = [], description: String? = nil, checksReducing: Bool = false) {
        self.id = id
        self.kind = kind
        self.symbols = symbols
        self.strategies = strategies
        self.description = description
        self.checksReducing = checksReducing
    }

    /// Whether the rule is a size limit, the kind that states how it treats reducing orders.
    public var isSizeLimit: Bool {
        switch kind {
        case .maxOrderQuantity, .maxOrderNotional: true
        default: false
        }
    }
}
