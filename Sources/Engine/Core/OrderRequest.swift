public import SparkCore

/// What a strategy asks for, before the engine puts it on the instrument's grid and the guard checks it.
///
/// Prices and quantities are the strategy's numbers; ``Engine/submit(_:)`` rounds them (see
/// ``rounding(for:)``) and the guard sees the rounded order.
public struct OrderRequest: Sendable, Equatable {
    public var symbol: SymbolID
    public var side: Side
    public var kind: OrderKind
    public var quantity: Double
    /// The limit price, for the kinds that have one.
    public var price: Double?
    /// The trigger price, for the kinds that wait for one (optional for a trailing stop).
    public var trigger: Double?
    public var timeInForce: TimeInForce
    public var postOnly: Bool
    public var reduceOnly: Bool
    /// A trailing stop's distance as a price amount.
    public var trailAmount: Double?
    /// A trailing stop's distance in basis points of the best price.
    public var trailBps: Double?
    public var tag: String?

    public init(
        symbol: SymbolID, side: Side, kind: OrderKind, quantity: Double, price: Double? = nil, trigger: Double? = nil,
        timeInForce: TimeInForce = .gtc, postOnly: Bool = false, reduceOnly: Bool = false, trailAmount: Double? = nil,
        trailBps: Double? = nil, tag: String? = nil
    ) {
        self.symbol = symbol
        self.side = side
        self.kind = kind
        self.quantity = quantity
        self.price = price
        self.trigger = trigger
        self.timeInForce = timeInForce
        self.postOnly = postOnly
        self.reduceOnly = reduceOnly
        self.trailAmount = trailAmount
        self.trailBps = trailBps
        self.tag = tag
    }

    /// How the limit price rounds onto the tick grid: never toward a more aggressive price (a buy
    /// limit rounds down, a sell limit up).
    public static func limitRounding(_ side: Side) -> Instrument.PriceRounding { side == .buy ? .down : .up }

    /// How the trigger rounds: never so that the order triggers earlier than asked. A stop triggers
    /// when the price moves against the order's side (a buy stop on a rise), so a buy stop rounds up
    /// and a sell stop down; a take-profit triggers on the opposite move, so it rounds the other way.
    public static func triggerRounding(_ kind: OrderKind, _ side: Side) -> Instrument.PriceRounding {
        switch kind {
        case .takeProfit, .takeProfitLimit: side == .buy ? .down : .up
        default: side == .buy ? .up : .down
        }
    }
}

/// How the orders of one request list are tied together.
public enum OrderListKind: Sendable, Equatable {
    /// One-cancels-other: two orders; when either fills (in part or whole), the other is cancelled.
    case oco
    /// An entry and its exits: the exits (a stop-loss and/or a take-profit, one-cancels-other when
    /// both) work only once the entry has filled completely, and are cancelled with it.
    case bracket
}
