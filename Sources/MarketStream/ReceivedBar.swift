public import SparkCore

/// A closed bar as the feed delivers it: the bar, when the exchange closed it and when Spark got it.
public struct ReceivedBar: Sendable, Equatable {
    /// The exchange's symbol.
    public var symbol: String
    /// The interval name (`1m`).
    public var interval: String
    /// The closed bar; `time` is its open time.
    public var bar: Bar
    /// The closing kline event's time, epoch ms; nil for bars from REST.
    public var eventTime: Int64?
    /// When Spark received it, epoch ms (injected clock).
    public var receivedAt: Int64
    /// Stream, back-fill or re-fetch.
    public var origin: MarketEvent.Origin

    /// Creates a received bar.
    public init(symbol: String, interval: String, bar: Bar, eventTime: Int64?, receivedAt: Int64, origin: MarketEvent.Origin) {
        (self.symbol, self.interval, self.bar, self.eventTime, self.receivedAt, self.origin) = (symbol, interval, bar, eventTime, receivedAt, origin)
    }
}
