#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file line by line through one fixed buffer, so memory stays flat however long the file.
///
/// A returned line points into the buffer and is valid only until the next call.
struct LineBuffer: ~Copyable {
    /// Lines longer than this are refused: a bar row is under 200 bytes, so such a file is not bar data.
    static let maxLine = 1 << 20
    private static let chunk = 1 << 20

    let path: String
    let source: any ByteSource
    private var storage: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var atEOF = false
    /// 1-based number of the line last returned.
    private(set) var lineNumber = 0

    init(path: String) throws(CSVError) {
        self.init(source: try FileByteSource(path: path), path: path)
    }

    /// Lines of `source`; `path` names it in errors.
    init(source: any ByteSource, path: String) {
        self.path = path
        self.source = source
        // One extra chunk of headroom so a line that straddles a refill still fits.
        storage = .allocate(byteCount: Self.chunk + Self.maxLine, alignment: 16)
    }

    deinit {
        storage.deallocate()
    }

    /// The next line without its `\n` or `\r\n`, or nil at the end of the file.
    mutating func next() throws(CSVError) -> UnsafeRawBufferPointer? {
        guard let base = storage.baseAddress else { return nil }
        while true {
            if start < end, let found = memchr(base + start, 0x0A, end - start) {
                let newline = base.distance(to: found)
                let line = trimmed(start, newline)
                start = newline + 1
                lineNumber += 1
                return line
            }
            if atEOF {
                guard start < end else { return nil }
                let line = trimmed(start, end)
                start = end
                lineNumber += 1
                return line
            }
            if end - start >= Self.maxLine {
                throw CSVError(
                    .lineTooLong, "line \(lineNumber + 1) is longer than \(Self.maxLine) bytes", file: path, line: lineNumber + 1,
                    hint: "this does not look like a bar CSV (one bar per line)"
                )
            }
            try refill(base)
        }
    }

    private func trimmed(_ from: Int, _ to: Int) -> UnsafeRawBufferPointer {
        var to = to
        if to > from, storage[to - 1] == 0x0D { to -= 1 }
        return UnsafeRawBufferPointer(rebasing: storage[from..<to])
    }

    private mutating func refill(_ base: UnsafeMutableRawPointer) throws(CSVError) {
        // Move the partial line to the front, then fill the rest of the buffer.
        if start > 0 {
            if end > start { memmove(base, base + start, end - start) }
            end -= start
            start = 0
        }
        let count = try source.read(into: base + end, count: storage.count - end)
        if count > 0 {
            end += count
        } else {
            atEOF = true
        }
    }
}
