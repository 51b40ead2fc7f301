public import Binance

/// The symbol's exchange rules as the header records them (``Binance/SymbolRules`` is codable).
public typealias LiveRules = SymbolRules
