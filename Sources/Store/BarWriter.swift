import GRDB
import GRDBSQLite

/// Inserts bars of one series inside an open ``AppDatabase/importSeries(symbol:interval:_:)`` transaction.
///
/// Binds straight through SQLite's C API: the series id is bound once, then six numbers per bar,
/// which is what lets an import reach hundreds of thousands of rows a second.
public final class BarWriter {
    private let statement: SQLiteStatement
    private let path: String
    public let symbol: String
    public let interval: String
    /// Bars written so far in this transaction.
    public private(set) var written = 0

    init(statement: SQLiteStatement, series: Int64, symbol: String, interval: String, path: String) {
        self.statement = statement
        self.symbol = symbol
        self.interval = interval
        self.path = path
        // Bindings survive sqlite3_reset, so the series id is bound once for the whole import.
        sqlite3_bind_int64(statement, 1, series)
    }

    /// Inserts or replaces one bar.
    ///
    /// - Throws: ``StoreError`` `.constraint` (high < low, negative volume, NaN) naming the bar; the
    ///   caller's transaction is then rolled back.
    public func write(time: Int64, open: Double, high: Double, low: Double, close: Double, volume: Double) throws(StoreError) {
        sqlite3_bind_int64(statement, 2, time)
        sqlite3_bind_double(statement, 3, open)
        sqlite3_bind_double(statement, 4, high)
        sqlite3_bind_double(statement, 5, low)
        sqlite3_bind_double(statement, 6, close)
        sqlite3_bind_double(statement, 7, volume)
        let status = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard status == SQLITE_DONE else {
            let code: StoreError.Code = (status & 0xFF) == SQLITE_CONSTRAINT ? .constraint : .io
            let reason = String(cString: sqlite3_errstr(status))
            throw StoreError(code, "cannot write bar \(symbol) \(interval) at \(time) ms (open \(open) high \(high) low \(low) close \(close) volume \(volume)): \(reason)", path: path)
        }
        written += 1
    }
}
