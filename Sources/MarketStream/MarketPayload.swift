/// What a market event carries.
public enum MarketPayload: Sendable, Equatable {
    /// An open-candle update or a closed bar.
    case kline(StreamKline)
    /// One trade.
    case trade(StreamTrade)
    /// The best bid and ask.
    case bookTicker(StreamBookTicker)
    /// The server announces maintenance: this connection closes soon.
    case serverShutdown
}
