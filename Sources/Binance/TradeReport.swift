/// One fill (a Binance trade of the account): unique per (symbol, trade id).
public struct TradeReport: Sendable, Equatable, Hashable, Codable {
    public var symbol: String
    public var tradeID: Int64
    public var orderID: Int64
    /// Known from execution reports and order answers; `myTrades` does not carry it.
    public var clientOrderID: String?
    public var price: String
    public var qty: String
    public var quoteQty: String
    public var commission: String
    public var commissionAsset: String
    public var time: Int64
    public var isBuyer: Bool
    public var isMaker: Bool

    public init(
        symbol: String, tradeID: Int64, orderID: Int64, clientOrderID: String? = nil, price: String, qty: String, quoteQty: String,
        commission: String, commissionAsset: String, time: Int64, isBuyer: Bool, isMaker: Bool
    ) {
        self.symbol = symbol
        self.tradeID = tradeID
        self.orderID = orderID
        self.clientOrderID = clientOrderID
        self.price = price
        self.qty = qty
        self.quoteQty = quoteQty
        self.commission = commission
        self.commissionAsset = commissionAsset
        self.time = time
        self.isBuyer = isBuyer
        self.isMaker = isMaker
    }
}
