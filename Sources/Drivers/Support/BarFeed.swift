import Foundation
import MarketData
import SparkCore
import Store

/// Streams bars from a CSV file or the SQLite store into a closure, with flat memory either way.
enum BarFeed {
    /// Feeds each bar in time order to `body`; returns warnings about skipped rows and data quality.
    ///
    /// With `resampleFrom`, reads bars of that interval and hands `body` bars of `interval` built from
    /// them (``BarResampler``); the last bucket may be partial when the data ends inside it.
    static func stream(
        _ source: BacktestRequest.DataSource, symbol: String, interval: String, resampleFrom: String? = nil, id: SymbolID,
        from: Int64?, to: Int64?, strict: Bool, _ body: (Bar) throws -> Void
    ) throws -> [String] {
        guard let resampleFrom else {
            return try stream(source, symbol: symbol, interval: interval, id: id, from: from, to: to, strict: strict, body)
        }
        var resampler = try BarResampler(from: BarInterval.parse(resampleFrom, file: "--resample-from"), to: BarInterval.parse(interval, file: "--interval"))
        let warnings = try stream(source, symbol: symbol, interval: resampleFrom, id: id, from: from, to: to, strict: strict) { bar in
            if let done = resampler.add(bar) { try body(done) }
        }
        if let last = resampler.finish() { try body(last) }
        return warnings
    }

    private static func stream(
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
