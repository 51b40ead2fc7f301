import GRDB

extension AppDatabase {
    /// Saves `quality` as the series' current result, replacing any earlier one.
    public func saveQuality(_ quality: StoredQuality) throws(StoreError) {
        try run(.io, "cannot save the quality result of \(quality.symbol) \(quality.interval)") {
            try writer.write { db in
                try db.execute(sql: """
                    INSERT OR REPLACE INTO quality_result (symbol, interval, checked_rows, failed_fatal, result_json)
                    VALUES (?, ?, ?, ?, ?)
                    """, arguments: [quality.symbol, quality.interval, quality.checkedRows, quality.failedFatal.joined(separator: ","), quality.resultJSON])
            }
        }
    }

    /// The series' saved quality result, or nil when none was saved since its last import.
    public func quality(symbol: String, interval: String) throws(StoreError) -> StoredQuality? {
        try run(.io, "cannot read the quality result of \(symbol) \(interval)") {
            try writer.read { db in
                try Row.fetchOne(db, sql: "SELECT checked_rows, failed_fatal, result_json FROM quality_result WHERE symbol = ? AND interval = ?", arguments: [symbol, interval]).map { row in
                    let failed: String = row[1]
                    return StoredQuality(symbol: symbol, interval: interval, checkedRows: row[0], failedFatal: failed.isEmpty ? [] : failed.split(separator: ",").map(String.init), resultJSON: row[2])
                }
            }
        }
    }
}
