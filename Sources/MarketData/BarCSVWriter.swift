#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
public import SparkCore

/// Writes bars as CSV (`time,open,high,low,close,volume`) that ``CSVBarReader`` reads back exactly.
///
/// Numbers use Swift's shortest round-trip form, so a bar survives write-then-read bit for bit.
/// Output is buffered; call ``close()`` to flush and see write errors (dropping the writer flushes
/// too, but can only swallow errors). Not copyable: it owns the file descriptor.
public struct BarCSVWriter: ~Copyable {
    /// How the time column is written.
    public enum TimeFormat: Sendable {
        /// `2024-01-01T00:00:00Z` (`.mmm` added only when a time has milliseconds).
        case iso8601
        /// Epoch milliseconds, e.g. `1704067200000`.
        case epochMilliseconds
    }

    /// The file being written.
    public let path: String
    public let timeFormat: TimeFormat
    /// Bars written so far.
    public private(set) var rowsWritten = 0
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private static let flushAt = 1 << 20

    /// Creates (or truncates) `path` and writes the header.
    public init(path: String, timeFormat: TimeFormat = .iso8601) throws(CSVError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw CSVError(.write, "cannot create: \(String(cString: strerror(errno)))", file: path, hint: "check that the directory exists and is writable")
        }
        self.path = path
        self.timeFormat = timeFormat
        self.descriptor = descriptor
        buffer.reserveCapacity(Self.flushAt + 256)
        buffer.append(contentsOf: "time,open,high,low,close,volume\n".utf8)
    }

    deinit {
        if descriptor >= 0 {
            _ = Self.writeAll(buffer, to: descriptor)
            Glibc_close(descriptor)
        }
    }

    /// Appends one bar.
    public mutating func write(_ bar: Bar) throws(CSVError) {
        switch timeFormat {
        case .iso8601: buffer.append(contentsOf: Timestamp.iso8601(bar.time).utf8)
        case .epochMilliseconds: buffer.append(contentsOf: String(bar.time).utf8)
        }
        for value in [bar.open, bar.high, bar.low, bar.close, bar.volume] {
            buffer.append(UInt8(ascii: ","))
            buffer.append(contentsOf: value.description.utf8)
        }
        buffer.append(0x0A)
        rowsWritten += 1
        if buffer.count >= Self.flushAt { try flush() }
    }

    /// Flushes and closes the file; later calls do nothing.
    public mutating func close() throws(CSVError) {
        guard descriptor >= 0 else { return }
        defer {
            Glibc_close(descriptor)
            descriptor = -1
        }
        try flush()
    }

    /// Writes `bars` to `path` and returns how many were written.
    @discardableResult
    public static func write(_ bars: some Sequence<Bar>, to path: String, timeFormat: TimeFormat = .iso8601) throws(CSVError) -> Int {
        var writer = try BarCSVWriter(path: path, timeFormat: timeFormat)
        for bar in bars { try writer.write(bar) }
        try writer.close()
        return writer.rowsWritten
    }

    private mutating func flush() throws(CSVError) {
        let failure = Self.writeAll(buffer, to: descriptor)
        buffer.removeAll(keepingCapacity: true)
        if let failure {
            throw CSVError(.write, "write failed: \(String(cString: strerror(failure)))", file: path, hint: "check free disk space")
        }
    }

    /// Writes all of `buffer`, retrying short writes; returns errno on failure.
    private static func writeAll(_ buffer: [UInt8], to descriptor: Int32) -> Int32? {
        buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let count = Glibc_write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += count
            }
            return nil
        }
    }
}

// `close` and `write` are also method names here; these name the C functions unambiguously.
@inline(__always) private func Glibc_close(_ descriptor: Int32) { _ = close(descriptor) }
@inline(__always) private func Glibc_write(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(descriptor, bytes, count) }
