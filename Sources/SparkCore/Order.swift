/// Buy or sell.
public enum Side: String, Sendable, Codable {
    case buy, sell

    /// +1 for a buy, -1 for a sell: the sign an order's quantity takes in a position.
    public var sign: Int64 { self == .buy ? 1 : -1 }
}

/// How an order executes.
public enum OrderKind: String, Sendable, Codable {
    /// Fills at the next available price.
    case market
    /// Fills at the limit price or better once the market reaches it.
    case limit
    /// Becomes a market order once the market trades through the stop price.
    case stop
}

/// Where an order is in its life.
public enum OrderStatus: String, Sendable, Codable {
    case open, filled, cancelled, rejected

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
    /// The limit price (limit orders) or trigger price (stop orders).
    public var price: Price?
    public var status: OrderStatus
    public var filled: Quantity
    /// Event time (ms) at which the strategy submitted the order.
    public var createdAt: Int64
    /// Why the order was rejected or cancelled, when it was.
    public var reason: String?
    /// The strategy's label for the order, at most ``maxTagBytes`` UTF-8 bytes when it comes from a strategy.
    public var tag: String?

    /// The longest tag a strategy may give an order, in UTF-8 bytes: tags are copied into host
    /// records (resting, rejected and filled orders), outside the strategy's Lua memory cap.
    public static let maxTagBytes = 64

    public init(
        id: OrderID, symbol: SymbolID, side: Side, kind: OrderKind, quantity: Quantity, price: Price?,
        createdAt: Int64, tag: String? = nil
    ) {
        self.id = id
        self.symbol = symbol
        self.side = side
        self.kind = kind
        self.quantity = quantity
        self.price = price
        self.status = .open
        self.filled = .zero
        self.createdAt = createdAt
        self.reason = nil
        self.tag = tag
    }

    public var remaining: Quantity { quantity - filled }
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
