/// Buy or sell.
public enum Side: String, Sendable, Codable {
    case buy, sell

    /// +1 for a buy, -1 for a sell: the sign an order's quantity takes in a position.
    public var sign: Int64 { self == .buy ? 1 : -1 }

    /// The other side.
    public var opposite: Side { self == .buy ? .sell : .buy }
}

/// How an order executes; each maps onto a Binance spot order type (docs/fills.md).
public enum OrderKind: String, Sendable, Codable, CaseIterable {
    /// Fills at the next available price (MARKET).
    case market
    /// Fills at the limit price or better once the market reaches it (LIMIT; LIMIT_MAKER when post-only).
    case limit
    /// Becomes a market order once the market trades through the trigger against the position (STOP_LOSS).
    case stop
    /// Becomes a limit order at ``Order/price`` once the market trades through the trigger (STOP_LOSS_LIMIT).
    case stopLimit = "stop_limit"
    /// Becomes a market order once the market reaches the trigger in the order's favour (TAKE_PROFIT).
    case takeProfit = "take_profit"
    /// Becomes a limit order once the market reaches the trigger in the order's favour (TAKE_PROFIT_LIMIT).
    case takeProfitLimit = "take_profit_limit"
    /// A stop whose trigger follows the best price since the order became active by a fixed
    /// distance (STOP_LOSS with `trailingDelta`).
    case trailingStop = "trailing_stop"

    /// Whether the order carries a limit price.
    public var hasLimit: Bool { self == .limit || self == .stopLimit || self == .takeProfitLimit }

    /// Whether the order waits for a trigger price before it works.
    public var hasTrigger: Bool { self == .stop || self == .stopLimit || self == .takeProfit || self == .takeProfitLimit || self == .trailingStop }
}

/// How long an order works (Binance `timeInForce`; GTD is simulated only).
public enum TimeInForce: Sendable, Equatable, CustomStringConvertible {
    /// Good till cancelled.
    case gtc
    /// Immediate or cancel: what does not fill on the bar it becomes active expires.
    case ioc
    /// Fill or kill: fills whole on the bar it becomes active, or expires without a fill.
    case fok
    /// Good till date: expires at the first bar at or after this time (ms since the epoch).
    case gtd(Int64)

    public var description: String {
        switch self {
        case .gtc: "GTC"
        case .ioc: "IOC"
        case .fok: "FOK"
        case .gtd(let time): "GTD(\(time))"
        }
    }
}

/// Who asked for an order: only strategy orders are the strategy's to manage.
public enum OrderOrigin: String, Sendable, Codable {
    /// Submitted by the strategy.
    case strategy
    /// The end-of-run close-out of a backtest (and a finished paper session).
    case closeOut = "close_out"
    /// Risk control: an operator's flatten or a kill switch action.
    case risk
}

/// How far a trailing stop's trigger follows the best price.
public enum Trail: Sendable, Equatable {
    /// A fixed distance in price.
    case amount(Price)
    /// A distance in basis points of the best price (Binance `trailingDelta`, 1 = 0.01%).
    case bps(Int64)
}

/// Where an order is in its life.
public enum OrderStatus: String, Sendable, Codable {
    /// Working, or waiting for its trigger or its parent (possibly partly filled).
    case open
    case filled, cancelled, rejected
    /// Ended by its time in force (IOC, FOK, GTD) without filling completely.
    case expired

    public var isTerminal: Bool { self != .open }
}

/// A run-unique, sequential order identifier; sequential so that two runs of the same input agree.
public struct OrderID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var rawValue: Int64
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public static func < (lhs: OrderID, rhs: OrderID) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { String(rawValue) }
}

/// An order as the engine tracks it.
public struct Order: Sendable, Equatable {
    public var id: OrderID
    public var symbol: SymbolID
    public var side: Side
    public var kind: OrderKind
    public var quantity: Quantity
    /// The limit price (limit, stop-limit and take-profit-limit orders).
    public var price: Price?
    /// The trigger price (stop, take-profit and their limit forms; a trailing stop's first trigger, if given).
    public var trigger: Price?
    public var timeInForce: TimeInForce = .gtc
    /// Refused rather than filled when it would take liquidity on arrival (Binance LIMIT_MAKER).
    public var postOnly = false
    /// May only reduce the position: it is cut to the position at fill time, expired when there is none.
    public var reduceOnly = false
    public var trail: Trail?
    /// The entry of a bracket: this order works only once the parent has filled completely.
    public var parent: OrderID?
    /// One-cancels-other: when either order fills (in part or whole), the venue cancels the other.
    public var sibling: OrderID?
    public var origin: OrderOrigin = .strategy
    public var status: OrderStatus
    public var filled: Quantity
    /// Event time (ms) at which the order was submitted.
    public var createdAt: Int64
    /// Why the order was rejected, cancelled or expired, when it was.
    public var reason: String?
    /// The strategy's label for the order, at most ``maxTagBytes`` UTF-8 bytes when it comes from a strategy.
    public var tag: String?

    /// The longest tag a strategy may give an order, in UTF-8 bytes: tags are copied into host
    /// records (resting, rejected and filled orders), outside the strategy's Lua memory cap.
    public static let maxTagBytes = 64

    public init(
        id: OrderID, symbol: SymbolID, side: Side, kind: OrderKind, quantity: Quantity, price: Price?,
        trigger: Price? = nil, createdAt: Int64, tag: String? = nil, origin: OrderOrigin = .strategy
    ) {
        self.id = id
        self.symbol = symbol
        self.side = side
        self.kind = kind
        self.quantity = quantity
        self.price = price
        self.trigger = trigger
        self.status = .open
        self.filled = .zero
        self.createdAt = createdAt
        self.reason = nil
        self.tag = tag
        self.origin = origin
    }

    public var remaining: Quantity { quantity - filled }

    /// The price a guard values the order at: its limit, else its trigger; nil for market orders.
    public var referencePrice: Price? { price ?? trigger }
}

/// One execution of (part of) an order.
public struct Fill: Sendable, Equatable {
    public var orderID: OrderID
    public var symbol: SymbolID
    public var side: Side
    public var quantity: Quantity
    public var price: Price
    public var fee: Money
    /// Event time (ms) of the bar or trade that produced the fill.
    public var time: Int64
    /// Whether the fill added liquidity (a resting limit order) and so paid the maker fee.
    public var maker: Bool

    public init(orderID: OrderID, symbol: SymbolID, side: Side, quantity: Quantity, price: Price, fee: Money, time: Int64, maker: Bool) {
        self.orderID = orderID
        self.symbol = symbol
        self.side = side
        self.quantity = quantity
        self.price = price
        self.fee = fee
        self.time = time
        self.maker = maker
    }
}
