/// A live source of closed bars for a paper session (an exchange's market stream); the recorded
/// file is the other source. The spark executable adapts the market stream to it, so Drivers does
/// not depend on the network targets.
public protocol PaperBarFeed: Sendable {
    /// The next closed bar, in open-time order, each once; nil when the feed ended or was stopped.
    func next() async throws -> PaperFeedBar?
}
