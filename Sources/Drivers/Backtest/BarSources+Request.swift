import MarketData
public import Session
public import SparkCore
import Store

/// Opens the bar sources a backtest reads: a CSV file or the SQLite store, resampled on request.
extension BarSources {
    /// The bars of `request`'s data, in time order, with flat memory either way.
    public static func open(_ request: BacktestRequest, id: SymbolID = SymbolID(0)) throws -> any BarSource {
        let interval = request.resampleFrom ?? request.interval
        let base: any BarSource = switch request.data {
        case .csv(let path):
            try CSVBarSource(path: path, id: id, from: request.from, to: request.to, strict: request.strictData, skipBadRows: request.skipBadRows)
        case .database(let path):
            try Self.store(path: path, request: request, interval: interval, id: id)
        }
        guard let resampleFrom = request.resampleFrom else { return base }
        let resampler = try BarResampler(from: BarInterval.parse(resampleFrom, file: "--resample-from"), to: BarInterval.parse(request.interval, file: "--interval"))
        return ResampledBarSource(base, resampler: resampler)
    }

    /// The store's bars, with the store's quality verdict on the series as a warning when it has one.
    private static func store(path: String, request: BacktestRequest, interval: String, id: SymbolID) throws -> StoreBarSource {
        let source = try StoreBarSource(path: path, symbol: request.symbol, interval: interval, id: id, from: request.from, to: request.to)
        source.warnings = DataQuality.backtestWarning(source.database, symbol: request.symbol, interval: interval).map { [$0] } ?? []
        return source
    }
}
