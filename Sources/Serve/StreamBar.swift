/// A closed bar as the streams service fans it out (server-sent events, `GET /streams`).
public struct StreamBar: Codable, Sendable, Equatable {
    public var symbol: String
    public var interval: String
    /// Open time, ms since 1970.
    public var time: Int64
    public var open: Double
    public var high: Double
    public var low: Double
    public var close: Double
    public var volume: Double
    /// Exchange event time and our receive time, ms since 1970.
    public var eventTime: Int64?
    public var receivedAt: Int64
    /// `live`, `backfill` or `refetch`.
    public var origin: String

    enum CodingKeys: String, CodingKey {
        case symbol, interval, time, open, high, low, close, volume, origin
        case eventTime = "event_time", receivedAt = "received_at"
    }
}
