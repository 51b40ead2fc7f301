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
        from: Int64?, to: Int64?, strict: Bool, skipBadRows: Bool = false, _ body: (Bar) throws -> Void
    ) throws -> [String] {
        guard let resampleFrom else {
            return try stream(source, symbol: symbol, interval: interval, id: id, from: from, to: to, strict: strict, skipBadRows: skipBadRows, body)
        }
        var resampler = try BarResampler(from: BarInterval.parse(resampleFrom, file: "--resample-from"), to: BarInterval.parse(interval, file: "--interval"))
        let warnings = try stream(source, symbol: symbol, interval: resampleFrom, id: id, from: from, to: to, strict: strict, skipBadRows: skipBadRows) { bar in
            if let done = resampler.add(bar) { try body(done) }
        }
        if let last = resampler.finish() { try body(last) }
        return warnings
    }

    /// The share of a file's rows that may be bad (and skipped with a warning) before a run fails:
    /// more means the file is misread (unsorted, wrong delimiter or decimal comma), not a few glitches.
    static let maxSkippedShare = 0.01

    /// Fails when more than ``maxSkippedShare`` of the rows read were bad, unless `skipBadRows`.
    private static func checkSkipped(_ reader: borrowing CSVBarReader, skipBadRows: Bool) throws {
        guard !skipBadRows, let first = reader.issues.first,
              Double(reader.issueCount) > maxSkippedShare * Double(reader.rowsRead) else { return }
        let reasons = reader.issues.prefix(3).map { "line \($0.line): \($0.message)" }.joined(separator: "; ")
        throw ConfigError(
            .data, "\(reader.issueCount) of \(reader.rowsRead) rows are bad, more than the \(Int(maxSkippedShare * 100))% a run skips: \(reasons)",
            file: reader.path, line: first.line, column: first.column,
            hint: "fix the file (sort it by time, use ',' between fields and '.' in numbers), or pass --skip-bad-rows to run on the good rows alone"
        )
    }

    private static func stream(
        _ source: BacktestRequest.DataSource, symbol: String, interval: String, id: SymbolID,
        from: Int64?, to: Int64?, strict: Bool, skipBadRows: Bool, _ body: (Bar) throws -> Void
    ) throws -> [String] {
        switch source {
        case .csv(let path):
            var reader = try CSVBarReader(path: path, symbol: id, policy: strict ? .fail : .skip, from: from, to: to)
            while let bar = try reader.next() {
                try body(bar)
            }
            try checkSkipped(reader, skipBadRows: skipBadRows)
            let count = skipBadRows && reader.issueCount > 0 ? ["\(path): skipped \(reader.issueCount) of \(reader.rowsRead) rows (--skip-bad-rows)"] : []
            return reader.issueSummary() + count
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
