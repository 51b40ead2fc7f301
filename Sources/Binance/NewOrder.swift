/// An order exactly as it is sent: every number is the decimal text on the wire.
public struct NewOrder: Sendable, Equatable, Codable {
    public var symbol: String
    public var side: OrderSide
    public var type: OrderType
    /// GTC, IOC or FOK; nil for MARKET, LIMIT_MAKER and the stop types without a limit.
    public var timeInForce: TimeInForce?
    public var quantity: String
    public var price: String?
    public var stopPrice: String?
    /// Trailing stop distance in basis points (Binance `trailingDelta`).
    public var trailingDelta: Int?
    /// The deterministic client id (``ClientOrderID``), `^[a-zA-Z0-9-_]{1,36}$`.
    public var clientOrderID: String
    /// Milliseconds after `timestamp` the exchange may still accept the request (≤ 60,000).
    public var recvWindow: Int
    /// The request's `timestamp` (exchange time, epoch ms), fixed when the intent is journaled.
    public var timestamp: Int64

    public init(
        symbol: String, side: OrderSide, type: OrderType, timeInForce: TimeInForce? = nil, quantity: String, price: String? = nil,
        stopPrice: String? = nil, trailingDelta: Int? = nil, clientOrderID: String, recvWindow: Int = 5_000, timestamp: Int64
    ) {
        self.symbol = symbol
        self.side = side
        self.type = type
        self.timeInForce = timeInForce
        self.quantity = quantity
        self.price = price
        self.stopPrice = stopPrice
        self.trailingDelta = trailingDelta
        self.clientOrderID = clientOrderID
        self.recvWindow = recvWindow
        self.timestamp = timestamp
    }
}

/// An OCO (take-profit above, stop below for a sell), OTO (a working order that, once filled, places
/// one pending order) or OTOCO (a working order that, once filled, places an OCO) sent as one Binance
/// order list.
public struct NewOrderList: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case oco = "OCO", oto = "OTO", otoco = "OTOCO" }
    public var kind: Kind
    /// The list's client id (`listClientOrderId`).
    public var listClientOrderID: String
    /// OTO: the working order, then the pending one; OTOCO: the working order, then the above and
    /// below legs; OCO: only the two legs.
    public var orders: [NewOrder]

    public init(kind: Kind, listClientOrderID: String, orders: [NewOrder]) {
        self.kind = kind
        self.listClientOrderID = listClientOrderID
        self.orders = orders
    }
}

public enum OrderSide: String, Sendable, Codable { case buy = "BUY", sell = "SELL" }

public enum OrderType: String, Sendable, Codable {
    case limit = "LIMIT", market = "MARKET", stopLoss = "STOP_LOSS", stopLossLimit = "STOP_LOSS_LIMIT"
    case takeProfit = "TAKE_PROFIT", takeProfitLimit = "TAKE_PROFIT_LIMIT", limitMaker = "LIMIT_MAKER"

    /// Whether Binance counts it as an algo order (MAX_NUM_ALGO_ORDERS): the stop and take-profit types.
    public var isAlgo: Bool { self == .stopLoss || self == .stopLossLimit || self == .takeProfit || self == .takeProfitLimit }
}

public enum TimeInForce: String, Sendable, Codable { case gtc = "GTC", ioc = "IOC", fok = "FOK" }
