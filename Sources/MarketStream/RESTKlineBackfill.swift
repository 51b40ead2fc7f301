public import MarketData
public import MarketFetch
public import SparkCore

/// ``KlineBackfill`` through `GET /api/v3/klines` (``KlineFetcher``) at the feed's REST base.
public struct RESTKlineBackfill: KlineBackfill {
    private let transport: any HTTPTransport
    private let baseURL: String
    private let sleep: @Sendable (Double) async throws -> Void

    /// Creates a back-fill; `sleep` waits between the fetcher's retries (seconds).
    public init(transport: any HTTPTransport, baseURL: String, sleep: @escaping @Sendable (Double) async throws -> Void) {
        (self.transport, self.baseURL, self.sleep) = (transport, baseURL, sleep)
    }

    public func closedBars(symbol: String, interval: BarInterval, from: Int64, to: Int64, closedBefore: Int64) async throws -> [Bar] {
        // The fetcher drops a candle that closes at or after "now": the live bar that revealed the gap
        // is a time by which every missing one has closed, whatever the local clock says.
        let fetcher = KlineFetcher(transport: transport, baseURL: baseURL, now: { closedBefore }, sleep: sleep)
        var bars: [Bar] = []
        _ = try await fetcher.fetch(symbol: symbol, interval: interval, from: from, to: to) { bars += $0 }
        return bars
    }
}
