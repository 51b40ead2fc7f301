/// The best bid and ask of a `<symbol>@bookTicker` stream (Binance sends no event time for it).
public struct StreamBookTicker: Sendable, Equatable {
    /// The exchange's symbol.
    public var symbol: String
    /// The order book update id `u`; later updates have larger ids.
    public var updateID: Int64
    /// Best bid price.
    public var bid: Double
    /// Quantity at the best bid.
    public var bidQuantity: Double
    /// Best ask price.
    public var ask: Double
    /// Quantity at the best ask.
    public var askQuantity: Double

    /// Creates a book ticker.
    public init(symbol: String, updateID: Int64, bid: Double, bidQuantity: Double, ask: Double, askQuantity: Double) {
        (self.symbol, self.updateID, self.bid, self.bidQuantity, self.ask, self.askQuantity) = (symbol, updateID, bid, bidQuantity, ask, askQuantity)
    }
}
