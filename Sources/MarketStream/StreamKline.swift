public import SparkCore

/// One kline of a `<symbol>@kline_<interval>` stream: an update of the open candle, or the closed bar.
public struct StreamKline: Sendable, Equatable {
    /// The exchange's symbol.
    public var symbol: String
    /// Binance's interval name (`1m`).
    public var interval: String
    /// Open and close times, epoch ms.
    public var openTime: Int64
    public var closeTime: Int64
    /// The first and last trade ids of the candle (`f`, `L`); -1 for bars from REST.
    public var firstTradeID: Int64
    public var lastTradeID: Int64
    /// The candle; its `time` is the open time.
    public var bar: Bar
    /// True for the last update of the candle: the closed bar.
    public var isClosed: Bool

    /// Creates a kline.
    public init(symbol: String, interval: String, openTime: Int64, closeTime: Int64, firstTradeID: Int64, lastTradeID: Int64, bar: Bar, isClosed: Bool) {
        (self.symbol, self.interval, self.openTime, self.closeTime) = (symbol, interval, openTime, closeTime)
        (self.firstTradeID, self.lastTradeID, self.bar, self.isClosed) = (firstTradeID, lastTradeID, bar, isClosed)
    }
}
