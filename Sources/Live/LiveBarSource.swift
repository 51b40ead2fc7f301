/// Where a live session's closed bars come from (the market feed; in tests, a list).
public protocol LiveBarSource: Sendable {
    /// The next closed bar, waiting for it; nil when the feed has ended.
    func next() async throws -> LiveBar?
}
