import GRDB

extension AppDatabase {
    /// Runs `body` in one write transaction with a ``BarWriter`` for `symbol`/`interval`.
    ///
    /// All or nothing: if `body` throws (a bad row in the file, a constraint, a cancelled fetch page),
    /// the transaction rolls back and the store is exactly as before. The series' stored quality result
    /// is deleted in the same transaction, since it no longer describes the bars.
    public func importSeries<T>(symbol: String, interval: String, _ body: (BarWriter) throws -> T) throws -> T {
        do {
            return try writer.write { db in
                let id = try Self.seriesID(db, symbol: symbol, interval: interval, create: true)!
                let statement = try db.makeStatement(sql: """
                    INSERT INTO bar (series, open_time, open, high, low, close, volume)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (series, open_time) DO UPDATE SET
                        open = excluded.open, high = excluded.high, low = excluded.low,
                        close = excluded.close, volume = excluded.volume
                    """)
                let bars = BarWriter(statement: statement.sqliteStatement, series: id, symbol: symbol, interval: interval, path: path)
                let result = try withExtendedLifetime(statement) { try body(bars) }
                if bars.written > 0 {
                    try db.execute(sql: "DELETE FROM quality_result WHERE symbol = ? AND interval = ?", arguments: [symbol, interval])
                }
                return result
            }
        } catch let error as DatabaseError {
            throw Self.wrap(error, path: path, as: .io, "cannot import \(symbol) \(interval); nothing was written")
        }
    }

    /// Open time of the newest stored bar of the series, or nil when it has none.
    public func lastTime(symbol: String, interval: String) throws(StoreError) -> Int64? {
        try run(.io, "cannot read the last bar of \(symbol) \(interval)") {
            try writer.read { db in
                try Int64.fetchOne(db, sql: """
                    SELECT MAX(open_time) FROM bar WHERE series = (SELECT id FROM series WHERE symbol = ? AND interval = ?)
                    """, arguments: [symbol, interval])
            }
        }
    }
}
