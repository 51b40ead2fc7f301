import MarketData
import Drivers
import Store

/// One row of `spark data ls`.
public struct SeriesListing: Sendable, Equatable {
    public var symbol: String
    public var interval: String
    public var first: Int64
    public var last: Int64
    public var rows: Int
    /// Bars missing between first and last (nil for intervals of varying length).
    public var missing: Int?
    /// `passed`, `failed: checks`, or `unchecked` since the last import.
    public var quality: String

    /// Every series in the store at `databasePath`.
    public static func all(databasePath: String) throws -> [SeriesListing] {
        let database = try DataStore.open(databasePath)
        return try database.series().map { series in
            let step = BarInterval(series.interval)?.milliseconds
            let missing = step.map { Int((series.last - series.first) / $0) + 1 - series.rows }
            let stored = try database.quality(symbol: series.symbol, interval: series.interval)
            let quality = stored.map { $0.failedFatal.isEmpty ? "passed" : "failed: " + $0.failedFatal.joined(separator: ",") } ?? "unchecked"
            return SeriesListing(symbol: series.symbol, interval: series.interval, first: series.first, last: series.last, rows: series.rows, missing: missing, quality: quality)
        }
    }
}
