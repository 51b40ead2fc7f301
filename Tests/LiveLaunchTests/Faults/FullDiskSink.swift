import Foundation
import Live

/// The journal file, until the test fills the disk: from then on every write and fsync fails.
final class FullDiskSink: LiveJournalSink, @unchecked Sendable {
    private let file: FileJournalSink
    private let lock = NSLock()
    private var full = false

    init(path: String) throws { file = try FileJournalSink(path: path) }

    /// Every write from now on fails with "No space left on device".
    func fill() { lock.withLock { full = true } }

    func write(_ bytes: [UInt8]) throws {
        if lock.withLock({ full }) { throw LiveError(.journal, "writing failed: No space left on device", at: "journal") }
        try file.write(bytes)
    }

    func synchronize() throws {
        if lock.withLock({ full }) { throw LiveError(.journal, "fsync failed: No space left on device", at: "journal") }
        try file.synchronize()
    }
}
