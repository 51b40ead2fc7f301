// The live journal's file, with every fsync timed.
import Foundation
import Live

/// ``FileJournalSink`` that records when each fsync started and ended (monotonic ns).
final class TimingJournalSink: LiveJournalSink {
    /// One fsync.
    struct Sync {
        var start: UInt64
        var end: UInt64
    }

    private let file: FileJournalSink
    private let lock = NSLock()
    private var syncs: [Sync] = []

    init(path: String) throws {
        file = try FileJournalSink(path: path)
    }

    func write(_ bytes: [UInt8]) throws { try file.write(bytes) }

    func synchronize() throws {
        let start = monotonicNanos()
        try file.synchronize()
        let end = monotonicNanos()
        lock.withLock { syncs.append(Sync(start: start, end: end)) }
    }

    /// The fsyncs since the last call.
    func take() -> [Sync] {
        lock.withLock {
            defer { syncs = [] }
            return syncs
        }
    }
}
