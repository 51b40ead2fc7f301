public import MarketData

/// What the stream client subscribes to and its timers (all in ms of the injected clock).
public struct MarketStreamConfiguration: Sendable {
    /// `wss://stream.binance.com:9443`, or `ws://127.0.0.1:PORT` for the fake.
    public var streamBase: String
    /// Binance's symbol, upper case (`BTCUSDT`).
    public var symbol: String
    /// The kline interval subscribed to and back-filled.
    public var interval: BarInterval
    /// A connection that delivers no frame for this long is treated as lost.
    public var silenceTimeoutMs: Int64 = 60_000
    /// A connection is rolled over to a new one at this age, before Binance's 24 h limit.
    public var rollAfterMs: Int64 = 23 * 3_600_000 + 30 * 60_000
    /// How often the timers are checked.
    public var tickMs: Int64 = 1000
    /// Waits between reconnect attempts.
    public var backoff = ReconnectBackoff()

    /// Creates a configuration with Binance's limits.
    public init(streamBase: String, symbol: String, interval: BarInterval) {
        self.streamBase = streamBase.hasSuffix("/") ? String(streamBase.dropLast()) : streamBase
        self.symbol = symbol
        self.interval = interval
    }

    /// The combined-stream address: the symbol's kline, trade and bookTicker streams.
    public var url: String {
        let name = symbol.lowercased()
        return "\(streamBase)/stream?streams=\(name)@kline_\(interval.name)/\(name)@trade/\(name)@bookTicker"
    }
}
