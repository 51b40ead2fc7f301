import Live

/// A disk that fills up: the first `capacity` writes succeed, then every write fails.
final class FailingSink: LiveJournalSink {
    struct DiskFull: Error {}
    private var left: Int

    init(capacity: Int) { left = capacity }

    func write(_ bytes: [UInt8]) throws {
        guard left > 0 else { throw LiveError(.journal, "writing failed: No space left on device", at: "journal") }
        left -= 1
    }

    func synchronize() throws {}
}
