public import SparkCore

/// Streams ``Bar``s from a Binance kline dump: a CSV without a header, 12 columns per row.
///
/// Columns: open time, open, high, low, close, volume, close time, quote volume, trades, taker buy
/// base volume, taker buy quote volume, ignore. Open times are epoch milliseconds, or microseconds in
/// spot files from 2025 on; the unit is fixed by the first row and a row in the other unit is an
/// error (two files concatenated). Every structural fault is an error naming file, line and column:
/// a dump is imported whole or not at all, so there is no skip policy here.
///
/// Rows that repeat or go back in time are not errors (the store keys bars by time, the last row
/// wins); they are counted in ``duplicates`` and ``outOfOrder`` so the importer can say so.
public struct BinanceKlineReader: ~Copyable {
    /// The file as named in errors.
    public let path: String
    public let symbol: SymbolID
    /// The open-time unit of this file, known after the first row.
    public private(set) var unit: Unit?
    /// Rows whose open time equals the previous row's.
    public private(set) var duplicates = 0
    /// Rows whose open time is before the previous row's.
    public private(set) var outOfOrder = 0
    /// Data rows read so far.
    public private(set) var rows = 0

    /// Open-time unit of a dump file.
    public enum Unit: String, Sendable {
        case milliseconds, microseconds
    }

    private var lines: LineBuffer
    private var lastTime: Int64?
    private var starts = [Int](repeating: 0, count: 13)
    private var ends = [Int](repeating: 0, count: 13)
    private static let names = ["open time", "open", "high", "low", "close", "volume", "close time"]

    /// Reads `source`, naming it `path` in errors.
    public init(source: any ByteSource, path: String, symbol: SymbolID) {
        lines = LineBuffer(source: source, path: path)
        self.path = path
        self.symbol = symbol
    }

    /// Bytes consumed from the underlying file (for progress).
    public var bytesConsumed: Int { lines.source.bytesConsumed }

    /// The next bar, or nil at the end of the file.
    ///
    /// - Throws: ``CSVError`` `.badRow` with line and column for a malformed row, or a read/archive error.
    public mutating func next() throws(CSVError) -> Bar? {
        while let line = try lines.next() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            rows += 1
            return try parse(line)
        }
        return nil
    }

    private mutating func parse(_ line: UnsafeRawBufferPointer) throws(CSVError) -> Bar {
        var count = 0
        var start = 0
        let n = line.count
        for i in 0...n where i == n || line[i] == UInt8(ascii: ",") {
            if count < 13 {
                starts[count] = start
                ends[count] = i
            }
            count += 1
            start = i + 1
        }
        if count != 12 {
            if rows == 1, count >= 7, !Timestamp.looksNumeric(field(line, 0)) { throw headerError(line) }
            throw fail(nil, "expected 12 columns (a Binance kline row), found \(count)")
        }
        let timeBytes = field(line, 0)
        guard let raw = DecimalParser.digits(timeBytes, 0..<timeBytes.count), raw > 0 else {
            if rows == 1 { throw headerError(line) }
            throw fail(0, "open time '\(Self.text(timeBytes))' is not an epoch number")
        }
        let rowUnit: Unit
        switch raw {
        case 100_000_000_000..<100_000_000_000_000: rowUnit = .milliseconds
        case 100_000_000_000_000..<100_000_000_000_000_000: rowUnit = .microseconds
        default: throw fail(0, "open time \(raw) is neither epoch milliseconds nor microseconds")
        }
        if let unit, unit != rowUnit {
            throw fail(0, "open time \(raw) is in \(rowUnit.rawValue), but the file's first row used \(unit.rawValue): mixed units in one file (two files concatenated?)")
        }
        unit = rowUnit
        let time = rowUnit == .milliseconds ? raw : raw / 1000
        var values = (0.0, 0.0, 0.0, 0.0, 0.0)
        for column in 1...5 {
            let bytes = field(line, column)
            guard let value = DecimalParser.double(bytes), value.isFinite else {
                throw fail(column, "\(Self.names[column]) '\(Self.text(bytes))' is not a number")
            }
            switch column {
            case 1: values.0 = value
            case 2: values.1 = value
            case 3: values.2 = value
            case 4: values.3 = value
            default: values.4 = value
            }
        }
        let closeBytes = field(line, 6)
        guard DecimalParser.digits(closeBytes, 0..<closeBytes.count) != nil else {
            throw fail(6, "close time '\(Self.text(closeBytes))' is not an epoch number")
        }
        let (open, high, low, close, volume) = values
        // The store refuses these two outright; other inconsistencies are stored and left to `data quality`.
        guard high >= low else { throw fail(2, "high \(high) is below low \(low)") }
        guard volume >= 0 else { throw fail(5, "volume \(volume) is negative") }
        if let lastTime {
            if time == lastTime { duplicates += 1 } else if time < lastTime { outOfOrder += 1 }
        }
        lastTime = time
        return Bar(symbol: symbol, time: time, open: open, high: high, low: low, close: close, volume: volume)
    }

    private func field(_ line: UnsafeRawBufferPointer, _ index: Int) -> UnsafeRawBufferPointer {
        var lower = starts[index], upper = ends[index]
        while lower < upper, line[lower] == 0x20 || line[lower] == 0x22 { lower += 1 }
        while upper > lower, line[upper - 1] == 0x20 || line[upper - 1] == 0x22 { upper -= 1 }
        return UnsafeRawBufferPointer(rebasing: line[lower..<upper])
    }

    private func fail(_ column: Int?, _ message: String) -> CSVError {
        CSVError(
            .badRow, message, file: path, line: lines.lineNumber, column: column.map { starts[$0] + 1 },
            hint: "a Binance dump row is: open time,open,high,low,close,volume,close time,quote volume,trades,taker base,taker quote,ignore; fix or re-download the file (nothing was imported)"
        )
    }

    private func headerError(_ line: UnsafeRawBufferPointer) -> CSVError {
        CSVError(
            .badRow, "a header row ('\(Self.text(line))') where a Binance dump has none", file: path, line: lines.lineNumber,
            hint: "delete the header line, or import the file as a generic CSV with --format csv (header time,open,high,low,close,volume)"
        )
    }

    static func text(_ bytes: UnsafeRawBufferPointer) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.count > 60 ? String(text.prefix(60)) + "…" : text
    }
}
