/// Trading rules and rate limits from `GET /api/v3/exchangeInfo`.
public struct ExchangeInfo: Sendable, Equatable, Codable {
    public var serverTime: Int64
    public var rateLimits: [RateLimitRule]
    public var symbols: [SymbolRules]

    public init(serverTime: Int64, rateLimits: [RateLimitRule], symbols: [SymbolRules]) {
        self.serverTime = serverTime
        self.rateLimits = rateLimits
        self.symbols = symbols
    }

    public func rules(for symbol: String) -> SymbolRules? { symbols.first { $0.symbol == symbol } }
}

/// One entry of `rateLimits`: at most `limit` of `type` per `intervalNum` × `interval`.
public struct RateLimitRule: Sendable, Equatable, Codable {
    public enum LimitType: String, Sendable, Codable { case requestWeight = "REQUEST_WEIGHT", orders = "ORDERS", rawRequests = "RAW_REQUESTS" }
    public enum Interval: String, Sendable, Codable { case second = "SECOND", minute = "MINUTE", day = "DAY" }
    public var type: LimitType
    public var interval: Interval
    public var intervalNum: Int
    public var limit: Int

    public init(type: LimitType, interval: Interval, intervalNum: Int, limit: Int) {
        self.type = type
        self.interval = interval
        self.intervalNum = intervalNum
        self.limit = limit
    }

    /// The window in milliseconds.
    public var windowMs: Int64 {
        let unit: Int64 = switch interval {
        case .second: 1_000
        case .minute: 60_000
        case .day: 86_400_000
        }
        return unit * Int64(intervalNum)
    }
}

/// One symbol's status and filters, numbers as the exchange's decimal text.
public struct SymbolRules: Sendable, Equatable, Codable {
    public var symbol: String
    /// TRADING, BREAK, HALT, END_OF_DAY or CANCEL_ONLY... only TRADING accepts new orders.
    public var status: String
    public var baseAsset: String
    public var quoteAsset: String
    public var orderTypes: [OrderType]
    public var ocoAllowed: Bool
    public var otocoAllowed: Bool
    /// PRICE_FILTER.
    public var tickSize: String
    public var minPrice: String
    public var maxPrice: String
    /// LOT_SIZE.
    public var stepSize: String
    public var minQty: String
    public var maxQty: String
    /// MARKET_LOT_SIZE (stepSize "0" means LOT_SIZE applies).
    public var marketMaxQty: String?
    /// NOTIONAL.
    public var minNotional: String
    public var maxNotional: String?
    public var applyMinToMarket: Bool
    /// PERCENT_PRICE_BY_SIDE multipliers (bid up/down, ask up/down), when present.
    public var percentPrice: PercentPriceBySide?
    /// MAX_NUM_ORDERS: open orders on the symbol, algo orders included.
    public var maxNumOrders: Int?
    /// MAX_NUM_ALGO_ORDERS: open STOP_LOSS, STOP_LOSS_LIMIT, TAKE_PROFIT and TAKE_PROFIT_LIMIT orders on the symbol.
    public var maxNumAlgoOrders: Int?
    /// Whether the symbol takes OTO order lists (one working order, one pending after it fills).
    public var otoAllowed: Bool?

    public init(
        symbol: String, status: String, baseAsset: String, quoteAsset: String, orderTypes: [OrderType], ocoAllowed: Bool = true,
        otocoAllowed: Bool = true, tickSize: String, minPrice: String, maxPrice: String, stepSize: String, minQty: String, maxQty: String,
        marketMaxQty: String? = nil, minNotional: String, maxNotional: String? = nil, applyMinToMarket: Bool = true,
        percentPrice: PercentPriceBySide? = nil, maxNumOrders: Int? = nil, maxNumAlgoOrders: Int? = nil, otoAllowed: Bool? = nil
    ) {
        self.symbol = symbol
        self.status = status
        self.baseAsset = baseAsset
        self.quoteAsset = quoteAsset
        self.orderTypes = orderTypes
        self.ocoAllowed = ocoAllowed
        self.otocoAllowed = otocoAllowed
        self.tickSize = tickSize
        self.minPrice = minPrice
        self.maxPrice = maxPrice
        self.stepSize = stepSize
        self.minQty = minQty
        self.maxQty = maxQty
        self.marketMaxQty = marketMaxQty
        self.minNotional = minNotional
        self.maxNotional = maxNotional
        self.applyMinToMarket = applyMinToMarket
        self.percentPrice = percentPrice
        self.maxNumOrders = maxNumOrders
        self.maxNumAlgoOrders = maxNumAlgoOrders
        self.otoAllowed = otoAllowed
    }

    /// Whether the symbol accepts new orders (not BREAK, HALT or CANCEL_ONLY).
    public var acceptsNewOrders: Bool { status == "TRADING" }
}

/// PERCENT_PRICE_BY_SIDE: a buy's price within [avg × bidDown, avg × bidUp], a sell's within [avg × askDown, avg × askUp].
/// The older PERCENT_PRICE (one pair of multipliers for both sides) is read into it too.
public struct PercentPriceBySide: Sendable, Equatable, Codable {
    public var bidMultiplierUp: String
    public var bidMultiplierDown: String
    public var askMultiplierUp: String
    public var askMultiplierDown: String
    /// "PERCENT_PRICE" when read from that filter (same multipliers both sides); nil for PERCENT_PRICE_BY_SIDE.
    public var filterType: String?

    public init(bidMultiplierUp: String, bidMultiplierDown: String, askMultiplierUp: String, askMultiplierDown: String, filterType: String? = nil) {
        self.bidMultiplierUp = bidMultiplierUp
        self.bidMultiplierDown = bidMultiplierDown
        self.askMultiplierUp = askMultiplierUp
        self.askMultiplierDown = askMultiplierDown
        self.filterType = filterType
    }

    /// The filter's name, for a refusal's reason.
    public var name: String { filterType ?? "PERCENT_PRICE_BY_SIDE" }
}
