import Crypto
import Foundation
public import Drivers
public import MarketData
import SparkCore
public import Store

/// `spark data import`: Binance dumps (zip or CSV) and generic bar CSVs into the bar store.
///
/// Each file is imported in one transaction: a file with any bad row, a checksum mismatch or a corrupt
/// archive writes nothing, and files imported before it stay imported.
public enum DataImport {
    /// Imports every file of `request` in order; stops at the first failing file.
    ///
    /// - Parameters:
    ///   - progress: told about bytes read, once per few thousand rows.
    ///   - log: one line per file.
    public static func run(_ request: ImportRequest, progress: ProgressReporter? = nil, log: (String) -> Void = { _ in }) throws -> [ImportedFile] {
        guard !request.files.isEmpty else { throw ConfigError(.flag, "no files to import", hint: "give one or more dump files, e.g. BTCUSDT-1m-2024-01.zip") }
        let database = try AppDatabase.open(path: request.databasePath)
        var results: [ImportedFile] = []
        for path in request.files {
            let result = try importFile(path, request: request, into: database, progress: progress)
            log("\(path): \(result.rows) bars of \(result.symbol) \(result.interval)\(result.checksumVerified ? ", checksum verified" : "")")
            results.append(result)
        }
        return results
    }

    /// Imports one file in one transaction.
    public static func importFile(_ path: String, request: ImportRequest, into database: AppDatabase, progress: ProgressReporter? = nil) throws -> ImportedFile {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigError(.unreadable, "no such file", file: path, hint: "check the path")
        }
        let named = BinanceFileName(path: path)
        let isZip = ZipArchive.looksLikeZip(path: path)
        // A Binance dump has no header (and a dump with one has 12 columns, refused by the dump
        // reader with its own hint), so a plain file whose first line names fewer or more columns
        // is a bar CSV whatever its name: the bundled sample is called BTCUSDT-1m-synthetic.csv.
        let headerFields = isZip ? nil : try headerFieldCount(path)
        let barCSV = headerFields.map { $0 != 12 } ?? false
        let format: ImportFormat = request.format == .auto ? (named != nil && !barCSV ? .binance : .csv) : request.format
        if format == .binance, barCSV, let headerFields {
            throw CSVError(
                .header, "the first line is a header of \(headerFields) columns, so this is a bar CSV, not a Binance kline dump", file: path, line: 1,
                hint: "import it with --format csv (or leave --format out); a Binance dump has no header and 12 numeric columns"
            )
        }
        let (symbol, interval) = try series(of: path, symbol: request.symbol, interval: request.interval)
        let verified = try verifyChecksum(path)
        let clock = ContinuousClock()
        let started = clock.now
        var result = ImportedFile(
            path: path, symbol: symbol, interval: interval.name, format: format, rows: 0, first: nil, last: nil,
            duplicates: 0, outOfOrder: 0, timeUnit: nil, checksumVerified: verified, seconds: 0
        )
        if format == .csv, isZip {
            throw CSVError(.archive, "generic CSV import reads plain files only", file: path, hint: "unzip the file first, or use --format binance for Binance dumps")
        }
        let source = try source(of: path)
        progress?.start(label: (path as NSString).lastPathComponent, total: source.totalBytes)
        try database.importSeries(symbol: symbol, interval: interval.name) { writer in
            // Reading (and inflating) runs on its own thread, beside the inserts.
            let rows = BarPrefetcher(source: source) { source, emit in try readRows(source, format: format, path: path, emit: emit) }
            defer { rows.close() }
            while let batch = try rows.next() {
                for row in batch.rows { try write(row.bar, to: writer, result: &result, path: path, line: row.line) }
                progress?.update(done: batch.bytes, rows: result.rows)
            }
            let counts = rows.counts
            result.duplicates = counts.duplicates
            result.outOfOrder = counts.outOfOrder
            result.timeUnit = counts.timeUnit
        }
        progress?.finish(rows: result.rows)
        let elapsed = clock.now - started
        result.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return result
    }

    /// Reads every row of `source` in `format`, handing each to `emit` until it returns false.
    static func readRows(_ source: any ByteSource, format: ImportFormat, path: String, emit: (BarPrefetcher.Row) -> Bool) throws -> BarPrefetcher.Summary {
        switch format {
        case .binance, .auto:
            var reader = BinanceKlineReader(source: source, path: path, symbol: SymbolID(0))
            while let bar = try reader.next() {
                guard emit(BarPrefetcher.Row(bar: bar, line: reader.rows)) else { break }
            }
            return BarPrefetcher.Summary(duplicates: reader.duplicates, outOfOrder: reader.outOfOrder, timeUnit: reader.unit.map { $0 == .milliseconds ? "ms" : "µs" })
        case .csv:
            var reader = try CSVBarReader(source: source, path: path, symbol: SymbolID(0), policy: .fail)
            while let bar = try reader.next() {
                guard emit(BarPrefetcher.Row(bar: bar, line: reader.rowsRead)) else { break }
            }
            return BarPrefetcher.Summary()
        }
    }

    /// The symbol and interval of `path`: the flags when given, else its Binance file name.
    ///
    /// - Throws: ``CSVError`` `.series` when neither gives them, or they are malformed or unknown.
    static func series(of path: String, symbol: String?, interval: String?) throws(CSVError) -> (String, BarInterval) {
        let named = BinanceFileName(path: path)
        guard let symbol = symbol ?? named?.symbol else {
            throw CSVError(.series, "cannot tell the symbol from the file name", file: path, hint: "name the file like BTCUSDT-1m-2024-01.csv or give --symbol and --interval")
        }
        guard BinanceFileName.isValidSymbol(symbol) else {
            throw CSVError(.series, "'\(symbol)' is not a valid symbol", file: path, hint: "symbols are 2 to 20 upper-case letters and digits, e.g. BTCUSDT")
        }
        guard let intervalName = interval ?? named?.interval.name else {
            throw CSVError(.series, "cannot tell the interval from the file name", file: path, hint: "name the file like BTCUSDT-1m-2024-01.csv or give --interval")
        }
        return (symbol, try BarInterval.parse(intervalName, file: path))
    }

    /// The number of fields on the first line of a plain file when that line is a header (it starts
    /// with a letter or a quote after any UTF-8 BOM; Binance dump rows start with a digit), else nil.
    static func headerFieldCount(_ path: String) throws(CSVError) -> Int? {
        let source = try FileByteSource(path: path)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 512, alignment: 1)
        defer { buffer.deallocate() }
        let count = try source.read(into: buffer.baseAddress!, count: buffer.count)
        var head = Array(buffer[0..<count])[...]
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { head = head.dropFirst(3) }
        let line = head.prefix { $0 != 0x0A }
        guard let first = line.first, (first | 0x20) >= UInt8(ascii: "a") && (first | 0x20) <= UInt8(ascii: "z") || first == UInt8(ascii: "\"") else {
            return nil
        }
        let delimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09]
        return delimiters.map { delimiter in line.count { $0 == delimiter } }.max()! + 1
    }

    /// The bytes of a dump file: inflated on the fly when it is a zip.
    static func source(of path: String) throws(CSVError) -> any ByteSource {
        ZipArchive.looksLikeZip(path: path) ? try ZipArchive(path: path).open() : try FileByteSource(path: path)
    }

    @inline(__always)
    private static func write(_ bar: Bar, to writer: BarWriter, result: inout ImportedFile, path: String, line: Int) throws {
        do {
            try writer.write(time: bar.time, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume)
        } catch {
            throw ConfigError(.data, "row \(line) was refused by the store: \(error.message)", file: path, hint: "fix the row and import again; nothing of this file was imported")
        }
        result.rows += 1
        if result.first == nil { result.first = bar.time }
        result.last = bar.time
    }

    /// Verifies `path` against `path.CHECKSUM` (Binance's `sha256sum` format) when that file exists.
    ///
    /// - Returns: true when verified, false when there is no checksum file.
    /// - Throws: ``CSVError`` `.checksum` on a mismatch or an unreadable checksum file.
    public static func verifyChecksum(_ path: String) throws(CSVError) -> Bool {
        let checksumPath = path + ".CHECKSUM"
        guard FileManager.default.fileExists(atPath: checksumPath) else { return false }
        guard let text = try? String(contentsOfFile: checksumPath, encoding: .utf8),
              let expected = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).first.map({ $0.lowercased() }),
              expected.count == 64, expected.allSatisfy(\.isHexDigit)
        else {
            throw CSVError(.checksum, "the checksum file does not start with a SHA-256 hex digest", file: checksumPath, hint: "download the .CHECKSUM file again, or delete it to import without verification")
        }
        let actual = try sha256(path)
        guard actual == expected else {
            throw CSVError(.checksum, "SHA-256 mismatch: the file hashes to \(actual), \((checksumPath as NSString).lastPathComponent) says \(expected)", file: path, hint: "the download is corrupt or incomplete: download the file again (nothing was imported)")
        }
        return true
    }

    static func sha256(_ path: String) throws(CSVError) -> String {
        let source = try FileByteSource(path: path)
        var hasher = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try source.read(into: buffer.baseAddress!, count: buffer.count)
            if count == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return Hex.lowercase(hasher.finalize())
    }
}
