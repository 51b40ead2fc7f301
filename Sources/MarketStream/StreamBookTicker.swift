/// The best bid and ask of a `<symbol>@bookTicker` stream (Binance sends no event time for it).
public struct StreamBookTicker: Sendable, Equatable {
    public var symbol: String
    public var updateID: Int64
    public var bid: Double
    public var bidQuantity: Double
    public var ask: Double
    public var askQuantity: Double

    /// Creates a book ticker.
    public init(symbol: String, updateID: Int64, bid: Double, bidQuantity: Double, ask: Double, askQuantity: Double) {
        (self.symbol, self.updateID, self.bid, self.bidQuantity, self.ask, self.askQuantity) = (symbol, updateID, bid, bidQuantity, ask, askQuantity)
    }
}
