public import Foundation

/// One symbol's trading rules, as the fixture exchangeInfo states them.
public struct FakeSymbolRules: Sendable, Equatable {
    /// Symbol name, e.g. "BTCUSDT".
    public var symbol: String
    /// Base asset, e.g. "BTC".
    public var baseAsset: String
    /// Quote asset, e.g. "USDT".
    public var quoteAsset: String
    /// TRADING, BREAK, HALT, END_OF_DAY or CANCEL_ONLY.
    public var status: String
    /// PRICE_FILTER minimum price.
    public var minPrice: Decimal
    /// PRICE_FILTER maximum price.
    public var maxPrice: Decimal
    /// PRICE_FILTER tick size.
    public var tickSize: Decimal
    /// LOT_SIZE minimum quantity.
    public var minQty: Decimal
    /// LOT_SIZE maximum quantity.
    public var maxQty: Decimal
    /// LOT_SIZE step size.
    public var stepSize: Decimal
    /// MARKET_LOT_SIZE maximum quantity.
    public var marketMaxQty: Decimal
    /// NOTIONAL minimum (applied to market orders too).
    public var minNotional: Decimal
    /// NOTIONAL maximum (limit orders only).
    public var maxNotional: Decimal
    /// MAX_NUM_ORDERS: open orders allowed on the symbol per account.
    public var maxNumOrders: Int
    /// Whether exchangeInfo says the symbol takes OTO order lists.
    public var otoAllowed = true

    /// Creates rules for a symbol; defaults are BTCUSDT's fixture values.
    public init(
        symbol: String = "BTCUSDT", baseAsset: String = "BTC", quoteAsset: String = "USDT", status: String = "TRADING",
        minPrice: Decimal = Decimal(string: "0.01")!, maxPrice: Decimal = 1_000_000, tickSize: Decimal = Decimal(string: "0.01")!,
        minQty: Decimal = Decimal(string: "0.00001")!, maxQty: Decimal = 9000, stepSize: Decimal = Decimal(string: "0.00001")!,
        marketMaxQty: Decimal = 100, minNotional: Decimal = 5, maxNotional: Decimal = 9_000_000, maxNumOrders: Int = 200
    ) {
        self.symbol = symbol
        self.baseAsset = baseAsset
        self.quoteAsset = quoteAsset
        self.status = status
        self.minPrice = minPrice
        self.maxPrice = maxPrice
        self.tickSize = tickSize
        self.minQty = minQty
        self.maxQty = maxQty
        self.stepSize = stepSize
        self.marketMaxQty = marketMaxQty
        self.minNotional = minNotional
        self.maxNotional = maxNotional
        self.maxNumOrders = maxNumOrders
    }

    /// BTCUSDT with the fixture's rules (tick 0.01, step 0.00001, minNotional 5).
    public static let btcusdt = FakeSymbolRules()
}
