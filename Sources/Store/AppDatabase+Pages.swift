import GRDB

extension AppDatabase {
    /// Up to `limit` stored bars of `symbol`/`interval` with time after `after` (exclusive) and at
    /// most `to`, in ascending time order: one page of a scan that pulls bars as it needs them.
    ///
    /// Each page is its own read, so a scan of many pages sees bars imported between pages: a run
    /// reads the store as it stands while it runs.
    public func bars(symbol: String, interval: String, after: Int64?, to: Int64?, limit: Int) throws(StoreError) -> [StoredBar] {
        try run(.io, "cannot read bars of \(symbol) \(interval)") {
            try writer.read { db in
                guard let id = try Self.seriesID(db, symbol: symbol, interval: interval, create: false) else { return [] }
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT open_time, open, high, low, close, volume FROM bar
                    WHERE series = ? AND open_time > ? AND open_time <= ?
                    ORDER BY open_time LIMIT ?
                    """, arguments: [id, after ?? Int64.min, to ?? Int64.max, limit])
                var page: [StoredBar] = []
                page.reserveCapacity(limit)
                while let row = try rows.next() {
                    page.append(StoredBar(
                        symbol: symbol, interval: interval, time: row[0], open: row[1], high: row[2], low: row[3], close: row[4], volume: row[5]
                    ))
                }
                return page
            }
        }
    }
}
