/// A journal sink that keeps nothing: the catch-up of a restart and a replay journal in memory.
final class MemoryJournalSink: LiveJournalSink {
    func write(_ bytes: [UInt8]) throws {}
    func synchronize() throws {}
}
