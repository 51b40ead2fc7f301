/// How patient a fetch is: retries, back-off and the request-weight budget.
public struct FetchPolicy: Sendable {
    /// Attempts per page for 5xx, timeouts, dropped connections, malformed bodies and 429s.
    public var maxAttempts = 6
    /// First back-off; doubled per retry up to ``maxBackoffSeconds``.
    public var backoffSeconds = 0.5
    public var maxBackoffSeconds = 60.0
    /// Binance's request-weight limit per minute (X-MBX-USED-WEIGHT-1M counts against it).
    public var weightLimit = 6_000
    /// Pause until the next minute once used weight reaches this share of the limit.
    public var weightPauseShare = 0.8
    /// Klines per request (Binance's maximum is 1000).
    public var pageSize = 1_000

    public init() {}

    /// The delay before retry number `attempt` (1-based).
    func backoff(_ attempt: Int) -> Double {
        min(maxBackoffSeconds, backoffSeconds * Double(1 << min(attempt - 1, 20)))
    }
}
