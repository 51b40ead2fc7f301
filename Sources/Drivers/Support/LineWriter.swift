import Crypto
import Foundation

/// Appends lines to a file through a buffer; `flush()` makes what was written so far durable.
///
/// Files are written under a temporary name and renamed into place when a half-written file must
/// never be mistaken for a whole one (reports); journals append in place, because a crashed
/// session's prefix is exactly what a replay needs.
///
/// A write error (a full disk) never traps: the first one is kept in ``failure``, nothing more is
/// written, and ``close()`` or ``check()`` report it, so the caller can end cleanly and say why.
final class LineWriter {
    private let sink: any LineSink
    private var buffer: [UInt8] = []
    let path: String
    /// The first write error; once set, nothing more is written.
    private(set) var failure: ConfigError?
    /// Hashes the bytes as they are written, when asked to: evidence lists every file's SHA-256,
    /// and reading a 10 M-bar equity.csv back only to hash it would cost as much again.
    private var hasher: SHA256?

    /// Opens `path`; with `exclusive`, refuses a file that already exists (journals are never overwritten).
    convenience init(path: String, append: Bool = false, exclusive: Bool = false, hashing: Bool = false) throws(ConfigError) {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        self.init(path: path, sink: try FileSink(path: path, append: append, exclusive: exclusive))
        if hashing { hasher = SHA256() }
    }

    init(path: String, sink: any LineSink) {
        self.path = path
        self.sink = sink
        buffer.reserveCapacity(1 << 16)
    }

    func write(_ line: String) {
        guard failure == nil else { return }
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Appends one line that `build` writes straight into the buffer, with no `String` in between
    /// (a row of a per-bar file).
    func writeLine(_ build: (inout [UInt8]) -> Void) {
        guard failure == nil else { return }
        build(&buffer)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        guard failure == nil, !buffer.isEmpty else { return }
        do {
            try sink.write(buffer)
            hasher?.update(data: buffer)
        } catch {
            failure = error
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and forces the bytes to disk.
    func sync() {
        flush()
        guard failure == nil else { return }
        do {
            try sink.synchronize()
        } catch {
            failure = error
        }
    }

    /// Throws the first write error, if any.
    func check() throws(ConfigError) {
        if let failure { throw failure }
    }

    /// The SHA-256 (hex) of every byte written, when made with `hashing`; after ``close()``.
    var sha256: String? {
        hasher.map { $0.finalize().map { String(format: "%02x", $0) }.joined() }
    }

    /// Flushes, syncs and closes; throws the first write error, if any.
    func close() throws(ConfigError) {
        sync()
        sink.close()
        try check()
    }
}
