import Foundation
public import MarketData
public import SparkCore
public import Store

/// A source of bars for a session: each event is a bar; at the end it says what it skipped.
public protocol BarSource: EventSource {
    /// Checks what was read (too many bad rows fail the run) and returns warnings about skipped
    /// rows and data quality; call once, after ``next()`` returned nil.
    mutating func finish() throws -> [String]
}

/// What bar sources share.
public enum BarSources {
    /// The share of a file's rows that may be bad (and skipped with a warning) before a run fails:
    /// more means the file is misread (unsorted, wrong delimiter or decimal comma), not a few glitches.
    public static let maxSkippedShare = 0.01
}

/// Bars from a CSV file, read row by row.
public final class CSVBarSource: BarSource {
    private var reader: CSVBarReader
    private let skipBadRows: Bool
    /// The flag that let bad rows be skipped, named in the count of skipped rows; nil names none.
    private let flag: String?

    public init(path: String, id: SymbolID, from: Int64?, to: Int64?, strict: Bool, skipBadRows: Bool, flag: String? = "--skip-bad-rows") throws {
        reader = try CSVBarReader(path: path, symbol: id, policy: strict ? .fail : .skip, from: from, to: to)
        self.skipBadRows = skipBadRows
        self.flag = flag
    }

    public func next() throws -> SessionEvent? {
        try reader.next().map(SessionEvent.bar)
    }

    /// Fails when more than ``BarSources/maxSkippedShare`` of the rows read were bad, unless `skipBadRows`.
    public func finish() throws -> [String] {
        if !skipBadRows, let first = reader.issues.first, Double(reader.issueCount) > BarSources.maxSkippedShare * Double(reader.rowsRead) {
            let reasons = reader.issues.prefix(3).map { "line \($0.line): \($0.message)" }.joined(separator: "; ")
            throw ConfigError(
                .data, "\(reader.issueCount) of \(reader.rowsRead) rows are bad, more than the \(Int(BarSources.maxSkippedShare * 100))% a run skips: \(reasons)",
                file: reader.path, line: first.line, column: first.column,
                hint: "fix the file (sort it by time, use ',' between fields and '.' in numbers), or pass --skip-bad-rows to run on the good rows alone"
            )
        }
        let count = skipBadRows && reader.issueCount > 0 && flag != nil ? ["\(reader.path): skipped \(reader.issueCount) of \(reader.rowsRead) rows (\(flag ?? ""))"] : []
        return reader.issueSummary() + count
    }
}

/// Bars from the SQLite store, a page at a time.
public final class StoreBarSource: BarSource {
    public let database: AppDatabase
    private let symbol: String, interval: String, id: SymbolID, to: Int64?
    private var after: Int64?
    private var page: [StoredBar] = []
    private var index = 0
    private var exhausted = false
    /// What the caller knows about the series' quality, returned by ``finish()``.
    public var warnings: [String] = []
    public static let pageSize = 8_192

    public init(path: String, symbol: String, interval: String, id: SymbolID, from: Int64?, to: Int64?) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigError(.unreadable, "no bar store at this path", file: path, hint: "import bars first: spark data import FILE --db \(path)")
        }
        database = try AppDatabase.open(path: path)
        (self.symbol, self.interval, self.id, self.to) = (symbol, interval, id, to)
        after = from.map { $0 == .min ? $0 : $0 - 1 }
    }

    public func next() throws -> SessionEvent? {
        if index == page.count {
            guard !exhausted else { return nil }
            page = try database.bars(symbol: symbol, interval: interval, after: after, to: to, limit: Self.pageSize)
            index = 0
            exhausted = page.count < Self.pageSize
            guard let last = page.last else { return nil }
            after = last.time
        }
        let stored = page[index]
        index += 1
        return .bar(Bar(symbol: id, time: stored.time, open: stored.open, high: stored.high, low: stored.low, close: stored.close, volume: stored.volume))
    }

    public func finish() throws -> [String] { warnings }
}

/// Bars already in memory (the lab's sweeps share one series across scenarios).
public final class ArrayBarSource: BarSource {
    private let bars: [Bar]
    private var index = 0
    private let warnings: [String]

    public init(_ bars: [Bar], warnings: [String] = []) {
        self.bars = bars
        self.warnings = warnings
    }

    public func next() throws -> SessionEvent? {
        guard index < bars.count else { return nil }
        index += 1
        return .bar(bars[index - 1])
    }

    public func finish() throws -> [String] { warnings }
}

/// Another source's bars resampled to a longer interval; the last bucket may be partial when the data ends inside it.
public final class ResampledBarSource: BarSource {
    private var base: any BarSource
    private var resampler: BarResampler
    private var ended = false

    public init(_ base: any BarSource, resampler: BarResampler) {
        self.base = base
        self.resampler = resampler
    }

    public func next() throws -> SessionEvent? {
        while !ended {
            guard case .bar(let bar) = try base.next() else {
                ended = true
                return resampler.finish().map(SessionEvent.bar)
            }
            if let done = resampler.add(bar) { return .bar(done) }
        }
        return nil
    }

    public func finish() throws -> [String] { try base.finish() }
}
