/// What the account may do: trade, only reduce positions, or nothing at all.
///
/// Ordered by severity, so the mode in force is the most severe one any breaker or switch asks for.
public enum TradingMode: String, Sendable, Codable, Comparable {
    case active
    case reduceOnly = "reduce_only"
    case halted

    private var severity: Int {
        switch self {
        case .active: 0
        case .reduceOnly: 1
        case .halted: 2
        }
    }

    public static func < (lhs: TradingMode, rhs: TradingMode) -> Bool { lhs.severity < rhs.severity }
}
