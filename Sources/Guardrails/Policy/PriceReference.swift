/// The market price a price band measures an order against.
public enum PriceReference: String, Sendable, Equatable, CaseIterable {
    /// The last bar's close: what bar-driven backtests and paper sessions have.
    case barClose = "bar_close"
    /// The last trade print; needs a trade feed (live connectors). Without one, orders are rejected.
    case lastTrade = "last_trade"
    /// The best bid/ask midpoint; needs a book feed (live connectors). Without one, orders are rejected.
    case mid
}
