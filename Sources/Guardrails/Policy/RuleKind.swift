/// The built-in rule catalogue, plus Lua rules. Limits are in instrument units or quote currency.
public enum RuleKind: Sendable, Equatable {
    /// The order's quantity may not exceed `limit` (base units).
    case maxOrderQuantity(limit: Double)
    /// The order's notional (quantity × limit price, or × the last price for market and stop orders) may not exceed `limit`.
    case maxOrderNotional(limit: Double)
    /// The order's price may deviate at most `maxDeviationPct` from a reference no older than `maxAgeMs`.
    case priceBand(maxDeviationPct: Double, reference: PriceReference, maxAgeMs: Int64)
    /// The position the order would produce (counting same-side resting orders) may not exceed `limit` in absolute size.
    case maxPosition(limit: Double)
    /// Σ |position| × price over all symbols after the order may not exceed `limit`.
    case maxGrossExposure(limit: Double)
    /// |Σ position × price| over all symbols after the order may not exceed `limit`.
    case maxNetExposure(limit: Double)
    /// Resting orders, counting this one, may not exceed `limit`.
    case maxOpenOrders(limit: Int)
    /// At most `max` orders per `perMs`, per strategy or per symbol.
    case orderRate(max: Int, perMs: Int64, perSymbol: Bool)
    /// An order identical to one allowed within `windowMs` (symbol, side, type, quantity, price) is refused.
    case duplicateOrder(windowMs: Int64)
    /// Orders on these symbols are refused.
    case restrictedSymbols([String])
    /// Orders are allowed only on `days` (0 = Sunday … 6 = Saturday) between `fromMinute` and `toMinute` (minutes after midnight at `utcOffsetMinutes`).
    case tradingWindow(days: [Int], fromMinute: Int, toMinute: Int, utcOffsetMinutes: Int)
    /// The requested price must sit on the tick, the quantity on the step, and the notional reach the minimum.
    case instrumentConformance
    /// A buy's cost plus what resting buys already reserve may not exceed cash plus `credit`.
    case cashCheck(credit: Double)
    /// An order that would trade against the strategy's own resting order on the other side is refused.
    case selfTrade
    /// `check(order, ctx)` in a Lua file decides; an error or overrun rejects (fail closed).
    case lua(file: String, params: [String: Double])

    /// The YAML key of this kind, also the default reason code of its rejections.
    public var key: String {
        switch self {
        case .maxOrderQuantity: "max_order_quantity"
        case .maxOrderNotional: "max_order_notional"
        case .priceBand: "price_band"
        case .maxPosition: "max_position"
        case .maxGrossExposure: "max_gross_exposure"
        case .maxNetExposure: "max_net_exposure"
        case .maxOpenOrders: "max_open_orders"
        case .orderRate: "order_rate"
        case .duplicateOrder: "duplicate_orders"
        case .restrictedSymbols: "restricted_symbols"
        case .tradingWindow: "trading_window"
        case .instrumentConformance: "instrument_conformance"
        case .cashCheck: "cash_check"
        case .selfTrade: "self_trade"
        case .lua: "lua"
        }
    }

    /// Every YAML key a rule may use, for error hints.
    public static let keys = [
        "max_order_quantity", "max_order_notional", "price_band", "max_position", "max_gross_exposure", "max_net_exposure",
        "max_open_orders", "order_rate", "duplicate_orders", "restricted_symbols", "trading_window", "instrument_conformance",
        "cash_check", "self_trade", "lua",
    ]
}
