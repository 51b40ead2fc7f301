public import SparkCore

/// A bar as a feed hands it to a paper session.
public struct PaperFeedBar: Sendable {
    /// The closed bar.
    public var bar: Bar
    /// When the bar reached Spark (epoch ms), for live feeds: journaled, never read by a replay.
    public var receivedAt: Int64?

    /// Creates a fed bar.
    public init(bar: Bar, receivedAt: Int64?) {
        self.bar = bar
        self.receivedAt = receivedAt
    }
}
