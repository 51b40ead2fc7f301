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

    /// Checks a Binance dump file (zip or CSV) before import, without a store; nothing is saved.
    ///
    /// This is where the duplicate and out-of-order checks earn their keep: the store's key makes both
    /// impossible once bars are imported, but a concatenated or unsorted file shows them here.
    public static func checkDump(path: String, symbol: String? = nil, interval: String? = nil, outlierK: Double = 8, fatal: Set<QualityCheck> = QualityCheck.defaultFatal) throws -> QualityResult {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigError(.unreadable, "no such file", file: path, hint: "check the path")
        }
        let (symbol, barInterval) = try DataImport.series(of: path, symbol: symbol, interval: interval)
        _ = try DataImport.verifyChecksum(path)
        var reader = BinanceKlineReader(source: try DataImport.source(of: path), path: path, symbol: SymbolID(0))
        var checker = QualityChecker(symbol: symbol, interval: barInterval, outlierK: outlierK, fatal: fatal)
        while let bar = try reader.next() { checker.add(bar) }
        return checker.finish()
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
