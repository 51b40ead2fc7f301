/// One trade of a `<symbol>@trade` stream; ids of one symbol are consecutive.
public struct StreamTrade: Sendable, Equatable {
    /// The exchange's symbol.
    public var symbol: String
    /// The trade id `t`.
    public var id: Int64
    /// Price and quantity of the trade.
    public var price: Double
    public var quantity: Double
    /// Trade time, epoch ms.
    public var time: Int64
    /// `m`: the buyer was the maker.
    public var buyerIsMaker: Bool

    /// Creates a trade.
    public init(symbol: String, id: Int64, price: Double, quantity: Double, time: Int64, buyerIsMaker: Bool) {
        (self.symbol, self.id, self.price, self.quantity, self.time, self.buyerIsMaker) = (symbol, id, price, quantity, time, buyerIsMaker)
    }
}
