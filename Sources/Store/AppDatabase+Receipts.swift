import GRDB

extension AppDatabase {
    // A side table, created on first use, keeps the bar table exactly as imports and fetches know it:
    // bars from files have no receive time, and no migration of existing stores is needed.
    private static let receiptTable = """
        CREATE TABLE IF NOT EXISTS bar_receipt (
            symbol TEXT NOT NULL, interval TEXT NOT NULL, open_time INTEGER NOT NULL,
            received_at INTEGER NOT NULL, event_time INTEGER, origin TEXT NOT NULL,
            PRIMARY KEY (symbol, interval, open_time)
        )
        """

    /// Records when live bars were received (one row per bar, replacing an earlier one).
    public func recordReceipts(_ receipts: [BarReceipt]) throws(StoreError) {
        guard !receipts.isEmpty else { return }
        try run(.io, "cannot record the receive times of \(receipts.count) bars") {
            try writer.write { db in
                try db.execute(sql: Self.receiptTable)
                let statement = try db.cachedStatement(sql: """
                    INSERT OR REPLACE INTO bar_receipt (symbol, interval, open_time, received_at, event_time, origin) VALUES (?, ?, ?, ?, ?, ?)
                    """)
                for receipt in receipts {
                    try statement.execute(arguments: [receipt.symbol, receipt.interval, receipt.time, receipt.receivedAt, receipt.eventTime, receipt.origin])
                }
            }
        }
    }

    /// The receipts of `symbol`/`interval`, ascending open time; empty when no live bar was stored.
    public func receipts(symbol: String, interval: String) throws(StoreError) -> [BarReceipt] {
        try run(.io, "cannot read the receive times of \(symbol) \(interval)") {
            try writer.write { db in
                try db.execute(sql: Self.receiptTable)
                return try Row.fetchAll(db, sql: "SELECT * FROM bar_receipt WHERE symbol = ? AND interval = ? ORDER BY open_time", arguments: [symbol, interval]).map {
                    BarReceipt(symbol: $0["symbol"], interval: $0["interval"], time: $0["open_time"], receivedAt: $0["received_at"], eventTime: $0["event_time"], origin: $0["origin"])
                }
            }
        }
    }
}
