import Foundation
import MarketData
import SparkCore
import Store

/// Streams bars from a CSV file or the SQLite store into a closure, with flat memory either way.
enum BarFeed {
    /// Feeds each bar in time order to `body`; returns warnings about skipped rows.
    static func stream(
        _ source: BacktestRequest.DataSource, symbol: String, interval: String, id: SymbolID,
        from: Int64?, to: Int64?, strict: Bool, _ body: (Bar) throws -> Void
    ) throws -> [String] {
        switch source {
        case .csv(let path):
            var reader = try CSVBarReader(path: path, symbol: id, policy: strict ? .fail : .skip, from: from, to: to)
            while let bar = try reader.next() {
                try body(bar)
            }
            return reader.issueSummary()
        case .database(let path):
            guard FileManager.default.fileExists(atPath: path) else {
                throw ConfigError(.unreadable, "no bar store at this path", file: path, hint: "import bars first: spark data import FILE --db \(path)")
            }
            let database = try AppDatabase.open(path: path)
            let warnings = DataQuality.backtestWarning(database, symbol: symbol, interval: interval).map { [$0] } ?? []
            try database.forEachBar(symbol: symbol, interval: interval, from: from, to: to) { stored in
                try body(Bar(symbol: id, time: stored.time, open: stored.open, high: stored.high, low: stored.low, close: stored.close, volume: stored.volume))
            }
            return warnings
        }
    }
}
