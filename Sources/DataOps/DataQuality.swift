import Foundation
public import MarketData
import SparkCore
import Store
public import Drivers
import SparkConfig

/// `spark data quality`: runs every check over one stored series and saves the result in the store,
/// where backtests look before they run (``DataQuality`` is declared in Drivers, next to that look-up).
extension DataQuality {
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
}
