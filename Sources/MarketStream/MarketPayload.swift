/// What a market event carries.
public enum MarketPayload: Sendable, Equatable {
    case kline(StreamKline)
    case trade(StreamTrade)
    case bookTicker(StreamBookTicker)
    /// The server announces maintenance: this connection closes soon.
    case serverShutdown
}
