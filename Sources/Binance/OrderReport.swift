/// An order as the exchange reports it (REST answer, query, open orders or an execution report).
public struct OrderReport: Sendable, Equatable, Codable {
    public var symbol: String
    /// The exchange's order id.
    public var orderID: Int64
    public var clientOrderID: String
    public var side: OrderSide
    public var type: OrderType
    public var status: OrderStatus
    public var price: String
    public var origQty: String
    /// Cumulative filled quantity; never decreases for one order.
    public var executedQty: String
    public var cumulativeQuoteQty: String
    public var stopPrice: String?
    /// The order list it belongs to (-1 or nil when none).
    public var orderListID: Int64?
    /// When the exchange last changed it (epoch ms).
    public var updateTime: Int64
    /// Fills carried by the answer (a FULL order response or the execution report's last trade).
    public var fills: [TradeReport]

    public init(
        symbol: String, orderID: Int64, clientOrderID: String, side: OrderSide, type: OrderType, status: OrderStatus, price: String,
        origQty: String, executedQty: String, cumulativeQuoteQty: String, stopPrice: String? = nil, orderListID: Int64? = nil,
        updateTime: Int64, fills: [TradeReport] = []
    ) {
        self.symbol = symbol
        self.orderID = orderID
        self.clientOrderID = clientOrderID
        self.side = side
        self.type = type
        self.status = status
        self.price = price
        self.origQty = origQty
        self.executedQty = executedQty
        self.cumulativeQuoteQty = cumulativeQuoteQty
        self.stopPrice = stopPrice
        self.orderListID = orderListID
        self.updateTime = updateTime
        self.fills = fills
    }
}

/// Binance's order status.
public enum OrderStatus: String, Sendable, Codable {
    case new = "NEW", partiallyFilled = "PARTIALLY_FILLED", filled = "FILLED", canceled = "CANCELED"
    case pendingCancel = "PENDING_CANCEL", rejected = "REJECTED", expired = "EXPIRED", expiredInMatch = "EXPIRED_IN_MATCH"
    case pendingNew = "PENDING_NEW"

    /// Whether nothing more can happen to the order.
    public var isTerminal: Bool {
        switch self {
        case .filled, .canceled, .rejected, .expired, .expiredInMatch: true
        case .new, .partiallyFilled, .pendingCancel, .pendingNew: false
        }
    }
}
