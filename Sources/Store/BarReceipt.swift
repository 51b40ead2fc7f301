/// When a live bar reached Spark: its receive time, the exchange's event time and its origin.
public struct BarReceipt: Sendable, Equatable {
    /// The series the bar belongs to.
    public var symbol: String
    public var interval: String
    /// The bar's open time, epoch ms (the `bar` row it describes).
    public var time: Int64
    /// Local receive time, epoch ms.
    public var receivedAt: Int64
    /// The exchange's event time, epoch ms; nil for bars back-filled from REST.
    public var eventTime: Int64?
    /// `live`, `backfill` or `refetch`.
    public var origin: String

    /// Creates a receipt.
    public init(symbol: String, interval: String, time: Int64, receivedAt: Int64, eventTime: Int64?, origin: String) {
        (self.symbol, self.interval, self.time, self.receivedAt, self.eventTime, self.origin) = (symbol, interval, time, receivedAt, eventTime, origin)
    }
}
