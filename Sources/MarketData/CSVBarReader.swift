public import SparkCore

/// Streams ``Bar``s from a CSV file with flat memory: one fixed buffer, no `String` per field.
///
/// The file needs a header naming `time`, `open`, `high`, `low`, `close` and `volume` in any case
/// and order (`timestamp`, `datetime`, `open_time` or `date` also name the time column); other
/// columns are ignored. The delimiter (`,`, `;` or tab) is taken from the header. Times are ISO-8601
/// (`2024-01-01T00:00:00Z`, fractions, offsets; no zone means UTC; `2024-01-01 00:00:00` works) or
/// epoch numbers whose unit (s, ms, µs, ns) is fixed by the magnitude of the first row's value.
///
/// A row is bad when its field count differs from the header's, a value is missing, not a number or
/// not finite, a price is not positive, volume is negative, high < low, open or close lies outside
/// [low, high], the time's format or unit differs from the first row's, or its time is not after the
/// previous good row's (duplicates and out-of-order rows). ``BadRowPolicy`` says whether a bad row
/// is skipped (and kept as a ``CSVIssue``) or thrown.
///
/// ```swift
/// var reader = try CSVBarReader(path: "bars.csv", symbol: SymbolID(0), policy: .skip, from: nil, to: nil)
/// while let bar = try reader.next() { … }
/// reader.issueSummary().forEach { print("warning:", $0) }
/// ```
///
/// Not copyable: it owns an open file descriptor and its buffer, released when it goes out of scope.
public struct CSVBarReader: ~Copyable {
    /// The file being read.
    public let path: String
    /// The symbol stamped on every bar.
    public let symbol: SymbolID
    public let policy: BadRowPolicy
    /// Earliest bar time returned (inclusive), epoch ms.
    public let from: Int64?
    /// Latest bar time returned (inclusive), epoch ms; reading stops at the first good row after it.
    public let to: Int64?
    /// How many issues ``issues`` keeps; all are counted in ``issueCount``.
    public let maxIssues: Int
    /// The first ``maxIssues`` bad rows, in file order.
    public private(set) var issues: [CSVIssue] = []
    /// Every bad row seen so far.
    public private(set) var issueCount = 0
    /// Data rows seen so far (good, bad and filtered out), blank lines excluded.
    public private(set) var rowsRead = 0

    private var lines: LineBuffer
    private let delimiter: UInt8
    private let fieldCount: Int
    /// Role of each field: 0 time, 1 open, 2 high, 3 low, 4 close, 5 volume, -1 ignored.
    private let roles: UnsafeMutablePointer<Int8>
    /// Start and end offset in the current line of each role's field.
    private let spans: UnsafeMutablePointer<Int>
    private let roleNames = ["time", "open", "high", "low", "close", "volume"]
    private var format: Timestamp.Format?
    /// The day of the last ISO date seen, reused while rows stay on it.
    private var isoDays = ISODayCache()
    private var lastTime: Int64?
    private var finished = false
    private var pending: CSVIssue?

    /// Opens `path` and reads its header.
    ///
    /// - Parameters:
    ///   - symbol: stamped on every bar.
    ///   - policy: skip bad rows (collecting issues) or throw at the first one.
    ///   - from: earliest bar time to return, epoch ms, inclusive.
    ///   - to: latest bar time to return, epoch ms, inclusive.
    ///   - maxIssues: how many issues to keep in ``issues``.
    /// - Throws: ``CSVError`` when the file cannot be opened or its header lacks a required column.
    public init(path: String, symbol: SymbolID, policy: BadRowPolicy = .skip, from: Int64? = nil, to: Int64? = nil, maxIssues: Int = 100) throws(CSVError) {
        try self.init(source: try FileByteSource(path: path), path: path, symbol: symbol, policy: policy, from: from, to: to, maxIssues: maxIssues)
    }

    /// Reads bars from `source` (a file or an inflated zip entry), naming it `path` in issues.
    public init(source: any ByteSource, path: String, symbol: SymbolID, policy: BadRowPolicy = .skip, from: Int64? = nil, to: Int64? = nil, maxIssues: Int = 100) throws(CSVError) {
        var lines = LineBuffer(source: source, path: path)
        var header: [String]?
        var delimiter = UInt8(ascii: ",")
        while let line = try lines.next() {
            if lines.lineNumber == 1, let kind = Self.binaryKind(line) {
                throw CSVError(.notText, "this is \(kind.what), not a CSV text file (nothing of it is printed)", file: path, hint: kind.hint)
            }
            var bytes = line
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                bytes = UnsafeRawBufferPointer(rebasing: bytes[3...])
            }
            guard !Self.isBlank(bytes) else { continue }
            delimiter = Self.delimiter(of: bytes)
            header = Self.names(bytes, delimiter: delimiter)
            break
        }
        guard let header else {
            throw CSVError(.header, "the file is empty: a header line is required", file: path, hint: Self.headerHint)
        }
        let headerLine = lines.lineNumber
        var roleOfField = [Int8](repeating: -1, count: header.count)
        let aliases: [[String]] = [["time", "timestamp", "datetime", "open_time", "date"], ["open"], ["high"], ["low"], ["close"], ["volume"]]
        var missing: [String] = []
        for (role, names) in aliases.enumerated() {
            // The first alias present wins, so `time` beats a `date` column next to it.
            guard let name = names.first(where: header.contains), let index = header.firstIndex(of: name) else {
                missing.append(names[0])
                continue
            }
            if header.lastIndex(of: name) != index {
                throw CSVError(.header, "column '\(name)' appears twice in the header", file: path, line: headerLine, hint: Self.headerHint)
            }
            roleOfField[index] = Int8(role)
        }
        guard missing.isEmpty else {
            if header.count == 12, header.allSatisfy({ $0.first?.isNumber ?? false }) {
                throw CSVError(
                    .header, "this looks like a Binance kline dump (no header, 12 numeric columns), not a bar CSV", file: path, line: headerLine,
                    hint: "import it into the store with `spark data import \(path)`, then backtest with --db; or add the header time,open,high,low,close,volume"
                )
            }
            let found = header.joined(separator: ", ")
            throw CSVError(.header, "the header lacks \(missing.joined(separator: ", ")) (found: \(found))", file: path, line: headerLine, hint: Self.headerHint)
        }

        self.path = path
        self.symbol = symbol
        self.policy = policy
        self.from = from
        self.to = to
        self.maxIssues = max(0, maxIssues)
        self.delimiter = delimiter
        self.fieldCount = header.count
        self.lines = lines
        roles = .allocate(capacity: header.count)
        roles.initialize(from: roleOfField, count: header.count)
        spans = .allocate(capacity: 12)
        spans.initialize(repeating: 0, count: 12)
    }

    deinit {
        roles.deallocate()
        spans.deallocate()
    }

    private static let headerHint = "the first line must name the columns: time,open,high,low,close,volume (any order, any case)"

    /// The next good bar within `from...to`, or nil at the end of the data.
    ///
    /// - Throws: ``CSVError`` for read failures, and for the first bad row under ``BadRowPolicy/fail``.
    public mutating func next() throws(CSVError) -> Bar? {
        guard !finished else { return nil }
        while let line = try lines.next() {
            if Self.isBlank(line) { continue }
            rowsRead += 1
            guard let bar = parse(line) else {
                if let issue = pending {
                    pending = nil
                    try report(issue)
                }
                continue
            }
            if let from, bar.time < from { continue }
            if let to, bar.time > to {
                // Times ascend, so no later good row can be in range.
                finished = true
                return nil
            }
            return bar
        }
        finished = true
        return nil
    }

    /// Reads every remaining bar into an array (use ``next()`` to keep memory flat).
    public mutating func readAll() throws(CSVError) -> [Bar] {
        var bars: [Bar] = []
        while let bar = try next() { bars.append(bar) }
        return bars
    }

    /// Reads every bar of `path` at once; with `.skip`, bad rows are dropped without a report
    /// (use an instance and ``issues`` to see them).
    public static func readAll(path: String, symbol: SymbolID, policy: BadRowPolicy = .fail, from: Int64? = nil, to: Int64? = nil) throws(CSVError) -> [Bar] {
        var reader = try CSVBarReader(path: path, symbol: symbol, policy: policy, from: from, to: to)
        return try reader.readAll()
    }

    /// One line per kept issue, plus a line counting the rest when the list was capped; empty when clean.
    public func issueSummary() -> [String] {
        var lines = issues.map { "\($0) (row skipped)" }
        if issueCount > issues.count {
            lines.append("\(path): \(issueCount - issues.count) more bad rows skipped (\(issueCount) in all)")
        }
        return lines
    }

    private mutating func report(_ issue: CSVIssue) throws(CSVError) {
        issueCount += 1
        if policy == .fail {
            finished = true
            throw CSVError(issue)
        }
        if issues.count < maxIssues { issues.append(issue) }
    }

    // MARK: - Row parsing

    /// The bar on `line`, or nil with ``pending`` set to the reason.
    @inline(__always)
    private mutating func parse(_ line: UnsafeRawBufferPointer) -> Bar? {
        let count = split(line)
        guard count == fieldCount else {
            return reject(nil, "expected \(fieldCount) fields as in the header, found \(count)")
        }
        let time: Int64
        if format == .iso8601, let fast = isoDays.time(field(line, 0)) {
            time = fast
        } else {
            guard let parsed = parseTime(field(line, 0)) else { return nil }
            time = parsed
        }
        var values = (0.0, 0.0, 0.0, 0.0, 0.0)
        for role in 1...5 {
            let bytes = field(line, role)
            guard let value = DecimalParser.double(bytes), value.isFinite else {
                return reject(role, Self.notANumber(bytes, roleNames[role], delimiter: delimiter))
            }
            switch role {
            case 1: values.0 = value
            case 2: values.1 = value
            case 3: values.2 = value
            case 4: values.3 = value
            default: values.4 = value
            }
        }
        let (open, high, low, close, volume) = values
        // No array literal here: this runs for every row and must not allocate.
        guard open > 0 else { return reject(1, "open must be positive, found \(open)") }
        guard high > 0 else { return reject(2, "high must be positive, found \(high)") }
        guard low > 0 else { return reject(3, "low must be positive, found \(low)") }
        guard close > 0 else { return reject(4, "close must be positive, found \(close)") }
        guard volume >= 0 else { return reject(5, "volume must not be negative, found \(volume)") }
        guard high >= low else { return reject(2, "high \(high) is below low \(low)") }
        guard open <= high, open >= low else { return reject(1, "open \(open) lies outside [low \(low), high \(high)]") }
        guard close <= high, close >= low else { return reject(4, "close \(close) lies outside [low \(low), high \(high)]") }
        if let lastTime, time <= lastTime {
            let relation = time == lastTime ? "repeats the time of" : "is before"
            return reject(0, "time \(Timestamp.iso8601(time)) \(relation) the previous row (\(Timestamp.iso8601(lastTime))); rows must be in strictly ascending time")
        }
        lastTime = time
        return Bar(symbol: symbol, time: time, open: open, high: high, low: low, close: close, volume: volume)
    }

    @inline(__always)
    private mutating func parseTime(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        let format = format ?? detectFormat(bytes)
        switch Timestamp.parse(bytes, as: format) {
        case .time(let time):
            self.format = format
            return time
        case .wrongUnit(let unit):
            guard case .epoch(let expected) = format else { break }
            return reject(0, "time \(Self.text(bytes)) reads as \(unit.name), but the file's first row used \(expected.name)")
        case .invalid:
            break
        }
        let expected = self.format.map { $0 == .iso8601 ? "an ISO-8601 time like the file's first row" : "an epoch number like the file's first row" }
        return reject(0, "time '\(Self.text(bytes))' is not \(expected ?? "an ISO-8601 time or an epoch number")")
    }

    private func detectFormat(_ bytes: UnsafeRawBufferPointer) -> Timestamp.Format {
        guard Timestamp.looksNumeric(bytes) else { return .iso8601 }
        var value: Int64 = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") { break }
            let digit = byte &- 0x30
            if digit < 10 { value = value &* 10 &+ Int64(digit) }
        }
        return .epoch(Timestamp.EpochUnit(magnitude: value))
    }

    private mutating func reject<T>(_ role: Int?, _ message: String) -> T? {
        pending = CSVIssue(file: path, line: lines.lineNumber, column: role.map { spans[2 * $0] + 1 }, message: message)
        return nil
    }

    @inline(__always)
    private func field(_ line: UnsafeRawBufferPointer, _ role: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: line[spans[2 * role]..<spans[2 * role + 1]])
    }

    /// Records the span of each wanted field in ``spans`` and returns the number of fields.
    /// A field may be double-quoted (the quotes are dropped; quotes inside are not supported).
    @inline(__always)
    private func split(_ line: UnsafeRawBufferPointer) -> Int {
        if let count = splitPlain(line) { return count }
        return splitGeneral(line)
    }

    /// ``split(_:)`` for the common line where no field starts with a space or a quote: it finds
    /// each delimiter eight bytes at a time. Nil for any other line (which the general split then
    /// reads from scratch: it rewrites every span this one may have written).
    @inline(__always)
    private func splitPlain(_ line: UnsafeRawBufferPointer) -> Int? {
        guard let base = line.baseAddress else { return nil }
        let n = line.count
        let ones: UInt64 = 0x0101_0101_0101_0101
        let pattern = UInt64(delimiter) &* ones
        var start = 0
        var field = 0
        while true {
            if start < n {
                let first = base.load(fromByteOffset: start, as: UInt8.self)
                if first == 0x20 || first == UInt8(ascii: "\"") { return nil }
            }
            var end = start
            var found = false
            // Whole words only: the line may end at the buffer's end.
            while end + 8 <= n {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: end, as: UInt64.self)) ^ pattern
                // The lowest set bit marks the first byte equal to the delimiter (exact for the first).
                let zeros = (word &- ones) & ~word & 0x8080_8080_8080_8080
                if zeros != 0 {
                    end += zeros.trailingZeroBitCount >> 3
                    found = true
                    break
                }
                end += 8
            }
            if !found {
                while end < n, base.load(fromByteOffset: end, as: UInt8.self) != delimiter { end += 1 }
            }
            if field < fieldCount {
                let role = Int(roles[field])
                if role >= 0 {
                    spans[2 * role] = start
                    spans[2 * role + 1] = end
                }
            }
            field += 1
            if end >= n { return field }
            start = end + 1
        }
    }

    /// ``split(_:)`` for any line, a byte at a time, with spaces and quotes.
    private func splitGeneral(_ line: UnsafeRawBufferPointer) -> Int {
        let n = line.count
        var i = 0
        var field = 0
        while true {
            var fieldStart = i
            var fieldEnd: Int
            var j = i
            while j < n, line[j] == 0x20 { j += 1 }
            if j < n, line[j] == UInt8(ascii: "\"") {
                fieldStart = j + 1
                var k = fieldStart
                while k < n, line[k] != UInt8(ascii: "\"") { k += 1 }
                fieldEnd = k
                while k < n, line[k] != delimiter { k += 1 }
                i = k
            } else {
                var k = i
                while k < n, line[k] != delimiter { k += 1 }
                fieldEnd = k
                i = k
            }
            if field < fieldCount {
                let role = Int(roles[field])
                if role >= 0 {
                    spans[2 * role] = fieldStart
                    spans[2 * role + 1] = fieldEnd
                }
            }
            field += 1
            if i >= n { return field }
            i += 1
        }
    }

    // MARK: - Helpers (header and messages; not on the hot path)

    private static func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    private static func delimiter(of header: UnsafeRawBufferPointer) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09]
        let counts = candidates.map { candidate in header.filter { $0 == candidate }.count }
        let best = counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) } ?? 0
        return counts[best] > 0 ? candidates[best] : UInt8(ascii: ",")
    }

    private static func names(_ header: UnsafeRawBufferPointer, delimiter: UInt8) -> [String] {
        header.split(separator: delimiter, omittingEmptySubsequences: false).map { field in
            let text = String(decoding: field, as: UTF8.self)
            return text.trimmingCharacters(in: " \t\"").lowercased()
        }
    }

    private static func text(_ bytes: UnsafeRawBufferPointer) -> String {
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: " \t")
        return text.count > 40 ? String(text.prefix(40)) + "…" : text
    }

    private static func notANumber(_ bytes: UnsafeRawBufferPointer, _ name: String, delimiter: UInt8) -> String {
        let value = text(bytes)
        if value.isEmpty { return "\(name) is missing" }
        let pointed = value.replacingComma()
        if pointed != value, Double(pointed) != nil {
            let separator = delimiter == UInt8(ascii: ";") ? "semicolon-separated with decimal commas" : "written with a decimal comma"
            return "\(name) '\(value)' is \(separator): write it with a decimal point (\(pointed))"
        }
        let lower = value.lowercased().trimmingCharacters(in: "+-")
        if ["nan", "inf", "infinity"].contains(lower) { return "\(name) is \(value): NaN and infinite values are not allowed" }
        if let parsed = Double(value), !parsed.isFinite { return "\(name) \(value) is out of range" }
        return "\(name) '\(value)' is not a number"
    }
}

extension CSVBarReader {
    /// What a file is when its first line shows it is not text, and what to do with it.
    struct BinaryKind {
        var what: String
        var hint: String
    }

    /// Gzip and zip by their magic numbers; anything else with a NUL or other control byte (not tab,
    /// CR or form feed) in its first line is binary. Header-only: never on the row path.
    static func binaryKind(_ line: UnsafeRawBufferPointer) -> BinaryKind? {
        if line.count >= 2, line[0] == 0x1F, line[1] == 0x8B {
            return BinaryKind(what: "a gzip-compressed file", hint: "decompress it first (gunzip -k FILE) and pass the CSV it holds")
        }
        if line.count >= 4, line[0] == 0x50, line[1] == 0x4B, line[2] == 0x03, line[3] == 0x04 {
            return BinaryKind(
                what: "a zip archive",
                hint: "a Binance dump zip imports with `spark data import FILE` (then backtest with --db); otherwise unzip it and pass the CSV it holds"
            )
        }
        guard let offset = line.firstIndex(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0D && $0 != 0x0C }) else { return nil }
        let byte = String(line[offset], radix: 16, uppercase: true)
        return BinaryKind(
            what: "binary data (byte 0x\(byte.count == 1 ? "0" + byte : byte) at offset \(offset) is not text)",
            hint: "give a bar CSV text file with the header time,open,high,low,close,volume (docs/data-formats.md)"
        )
    }
}

extension String {
    /// The text with its one comma made a decimal point (`42000,5` → `42000.5`); unchanged otherwise.
    fileprivate func replacingComma() -> String {
        guard filter({ $0 == "," }).count == 1 else { return self }
        return String(map { $0 == "," ? "." : $0 })
    }

    /// Drops leading and trailing characters in `set` (Foundation-free `trimmingCharacters`).
    fileprivate func trimmingCharacters(in set: String) -> String {
        let drop = Set(set)
        var slice = Substring(self)
        while let first = slice.first, drop.contains(first) { slice.removeFirst() }
        while let last = slice.last, drop.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
