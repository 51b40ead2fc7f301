public import SparkCore

/// Which strategies, symbols and modes a policy (or a rule) applies to; an empty list means all.
public struct PolicyScope: Sendable, Equatable {
    public var strategies: [String]
    public var symbols: [String]
    public var modes: [String]

    public init(strategies: [String] = [], symbols: [String] = [], modes: [String] = []) {
        self.strategies = strategies
        self.symbols = symbols
        self.modes = modes
    }

    /// True when `strategy` in `mode` on `symbol` is covered ("*" matches anything).
    public func covers(strategy: String, symbol: String?, mode: SessionMode?) -> Bool {
        Self.matches(strategies, strategy) && (symbol.map { Self.matches(symbols, $0) } ?? true)
            && (mode.map { Self.matches(modes, $0.rawValue) } ?? true)
    }

    static func matches(_ list: [String], _ value: String) -> Bool {
        list.isEmpty || list.contains("*") || list.contains(value)
    }
}
