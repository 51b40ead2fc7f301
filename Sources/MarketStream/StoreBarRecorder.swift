public import Store

/// ``ClosedBarRecorder`` into the bar store: the same `bar` table `spark data import` and
/// `spark data fetch` write (so `spark data list` shows live bars), plus each bar's receive time in
/// the `bar_receipt` side table.
public struct StoreBarRecorder: ClosedBarRecorder {
    private let database: AppDatabase

    /// Creates a recorder writing to `database`.
    public init(database: AppDatabase) {
        self.database = database
    }

    public func record(_ bars: [ReceivedBar]) throws {
        try database.upsert(bars.map {
            StoredBar(symbol: $0.symbol, interval: $0.interval, time: $0.bar.time, open: $0.bar.open, high: $0.bar.high, low: $0.bar.low, close: $0.bar.close, volume: $0.bar.volume)
        })
        try database.recordReceipts(bars.map {
            BarReceipt(symbol: $0.symbol, interval: $0.interval, time: $0.bar.time, receivedAt: $0.receivedAt, eventTime: $0.eventTime, origin: $0.origin.rawValue)
        })
    }
}
