/// The fake's rate limits, published in exchangeInfo and enforced per IP (here: per server).
public struct FakeRateLimits: Sendable, Equatable {
    /// REQUEST_WEIGHT per minute.
    public var requestWeightPerMinute: Int
    /// ORDERS per 10 seconds.
    public var ordersPer10s: Int
    /// ORDERS per day.
    public var ordersPerDay: Int
    /// How long a ban lasts after a request inside a Retry-After window.
    public var banSeconds: Int

    /// Creates limits; defaults are Binance's spot values.
    public init(requestWeightPerMinute: Int = 6000, ordersPer10s: Int = 100, ordersPerDay: Int = 200_000, banSeconds: Int = 120) {
        self.requestWeightPerMinute = requestWeightPerMinute
        self.ordersPer10s = ordersPer10s
        self.ordersPerDay = ordersPerDay
        self.banSeconds = banSeconds
    }
}
