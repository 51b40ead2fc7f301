import Foundation

/// A journal file opened with `O_EXCL` (never overwritten), written with write(2) and fsync(2).
public final class FileJournalSink: LiveJournalSink {
    private let descriptor: Int32
    private let path: String

    /// Creates `path`; refuses a file that already exists.
    public init(path: String) throws(LiveError) {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST {
                throw LiveError(.journalExists, "the journal already exists; a journal is never overwritten (a restart continues it in a new file)", at: path)
            }
            throw LiveError(.journal, "cannot create the journal: \(String(cString: strerror(errno)))", at: path)
        }
        self.descriptor = descriptor
        self.path = path
    }

    deinit { close(descriptor) }

    /// Appends `bytes` with write(2), retrying after an interrupt.
    public func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBufferPointer { Foundation.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw LiveError(.journal, "writing failed: \(String(cString: strerror(errno)))", at: path)
            }
            offset += written
        }
    }

    /// fsync(2): the bytes are on disk when it returns.
    public func synchronize() throws {
        guard fsync(descriptor) == 0 || errno == EINVAL else {
            throw LiveError(.journal, "fsync failed: \(String(cString: strerror(errno)))", at: path)
        }
    }
}
