/// One market event, stamped with the exchange's event time and the local time it was received.
public struct MarketEvent: Sendable, Equatable {
    /// Where a closed bar came from: the stream, or REST klines filling a gap or replacing a bar
    /// whose trades had a gap.
    public enum Origin: String, Sendable {
        /// The market stream.
        case live
        /// REST klines filling a hole in the closed bars.
        case backfill
        /// REST klines replacing a bar whose trades had a hole.
        case refetch
    }

    /// The stream name (`btcusdt@kline_1m`), empty for a bare `serverShutdown`.
    public var stream: String
    /// The exchange's event time `E`, epoch ms; nil for bookTicker and REST klines.
    public var eventTime: Int64?
    /// The local time the frame was read (or the REST answer arrived), epoch ms, from the injected clock.
    public var receivedAt: Int64
    /// What happened.
    public var payload: MarketPayload
    /// Where a closed bar came from; `live` for everything else.
    public var origin: Origin

    /// Creates an event.
    public init(stream: String, eventTime: Int64?, receivedAt: Int64, payload: MarketPayload, origin: Origin = .live) {
        (self.stream, self.eventTime, self.receivedAt, self.payload, self.origin) = (stream, eventTime, receivedAt, payload, origin)
    }

    /// Receive time minus event time: how late the event reached Spark (nil without an event time).
    public var ingestLag: Int64? { eventTime.map { receivedAt - $0 } }
}
