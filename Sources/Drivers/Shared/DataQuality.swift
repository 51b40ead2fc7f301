import Store

/// Data quality of the stored series: checked and saved by `spark data quality` (DataOps extends this
/// type with ``run``), read here by backtests over the store before they start.
public enum DataQuality {
    /// A warning for a backtest over a stored series, or nil when its saved result passed.
    ///
    /// Cheap by design: it reads the one saved row (an import deletes it) instead of re-checking.
    static func backtestWarning(_ database: AppDatabase, symbol: String, interval: String) -> String? {
        guard let stored = try? database.quality(symbol: symbol, interval: interval) else {
            return "warning: \(symbol) \(interval) has not been quality-checked since its last import; run: spark data quality --db \(database.path) --symbol \(symbol) --interval \(interval)"
        }
        guard !stored.failedFatal.isEmpty else { return nil }
        return "warning: \(symbol) \(interval) has unresolved fatal data-quality issues (\(stored.failedFatal.joined(separator: ", "))); results may be wrong. See: spark data quality --db \(database.path) --symbol \(symbol) --interval \(interval)"
    }
}
