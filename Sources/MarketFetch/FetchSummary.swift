/// What a fetch did.
public struct FetchSummary: Sendable, Equatable {
    /// Closed bars handed to the sink.
    public var bars = 0
    /// HTTP requests made, retries included.
    public var requests = 0
    /// Retries after 429, 5xx, timeouts, dropped connections or malformed bodies.
    public var retries = 0
    /// Open time of the last bar fetched, epoch ms.
    public var lastTime: Int64?
    /// Whether the still-open candle at the end was dropped.
    public var droppedOpenCandle = false

    public init() {}
}
