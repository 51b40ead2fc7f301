/// What the feed has seen so far: the figures status output and tests read.
public struct MarketStreamCounters: Sendable, Equatable {
    /// Frames received over every connection.
    public var messages = 0
    /// Connections opened again after one was lost (not rolls).
    public var reconnects = 0
    /// Planned switches to a new connection (age limit or `serverShutdown`).
    public var rolls = 0
    /// Missing closed klines detected (one per hole, whatever its length).
    public var klineGaps = 0
    /// Trade-id holes (t ≠ last + 1).
    public var tradeGaps = 0
    /// Bars delivered from REST klines into a hole.
    public var backfilledBars = 0
    /// Bars replaced by their REST version because their trades had a hole.
    public var refetchedBars = 0
    /// Events dropped as already delivered (overlapping connections, repeated closed bars).
    public var duplicates = 0
    /// Frames that did not parse (logged and skipped).
    public var malformed = 0
    /// Receive time minus event time of the latest event that has one, ms.
    public var lastIngestLagMs: Int64?

    /// Creates zero counters.
    public init() {}
}
