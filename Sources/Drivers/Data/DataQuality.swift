import Foundation
public import MarketData
import SparkCore
import Store

/// `spark data quality`: runs every check over one stored series and saves the result in the store,
/// where backtests look before they run.
public enum DataQuality {
    /// Checks `symbol`/`interval` in the store at `databasePath`.
    ///
    /// - Throws: ``ConfigError`` when the store or the series does not exist (naming what is stored).
    public static func run(
        databasePath: String, symbol: String, interval: String, outlierK: Double = 8,
        fatal: Set<QualityCheck> = QualityCheck.defaultFatal, save: Bool = true
    ) throws -> QualityResult {
        let database = try DataStore.open(databasePath)
        let barInterval = try BarInterval.parse(interval, file: databasePath)
        try DataStore.requireSeries(database, symbol: symbol, interval: interval)
        var checker = QualityChecker(symbol: symbol, interval: barInterval, outlierK: outlierK, fatal: fatal)
        try database.forEachBar(symbol: symbol, interval: interval) { stored in
            checker.add(Bar(symbol: SymbolID(0), time: stored.time, open: stored.open, high: stored.high, low: stored.low, close: stored.close, volume: stored.volume))
        }
        let result = checker.finish()
        if save {
            try database.saveQuality(StoredQuality(
                symbol: symbol, interval: interval, checkedRows: result.rows,
                failedFatal: result.failedFatal.map(\.rawValue), resultJSON: QualityReportFormatter.json(result)
            ))
        }
        return result
    }

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
