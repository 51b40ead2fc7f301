/// Where a live journal's bytes go: a file normally; tests put a disk that fills up in its place.
public protocol LiveJournalSink: AnyObject {
    /// Appends `bytes`; throws when they cannot be written.
    func write(_ bytes: [UInt8]) throws
    /// Makes everything written so far durable (fsync).
    func synchronize() throws
}
