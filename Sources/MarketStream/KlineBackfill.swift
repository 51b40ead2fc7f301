public import MarketData
public import SparkCore

/// Where missing closed bars come from: REST klines (``RESTKlineBackfill``), or a test's table.
public protocol KlineBackfill: Sendable {
    /// Closed bars with open times in `from...to`, ascending; `closedBefore` (epoch ms) is a time by
    /// which every one of them has closed, so none is taken for the still-open candle.
    func closedBars(symbol: String, interval: BarInterval, from: Int64, to: Int64, closedBefore: Int64) async throws -> [Bar]
}
