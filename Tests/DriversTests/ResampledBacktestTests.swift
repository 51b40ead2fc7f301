import Drivers
import MarketData
import Testing
import DataOps

@Suite("Backtests over resampled store data")
struct ResampledBacktestTests {
    @Test("--resample-from 1m --interval 5m backtests 5-minute bars built from stored minutes")
    func fiveMinuteBacktest() throws {
        let directory = Paths.scratch("resample")
        let file = try DataImportTests.write(DataImportTests.rows.joined(separator: "\n"), "BTCUSDT-1m-2024-01.csv", in: directory)
        let database = "\(directory)/spark.db"
        _ = try DataImport.run(ImportRequest(files: [file], databasePath: database))
        var request = BacktestRequest(strategyPath: Paths.repo("strategies/sma_cross.lua"), data: .database(path: database), symbol: "BTCUSDT")
        request.paramsPath = Paths.repo("params/sma_cross/default.yaml")
        request.interval = "5m"
        request.resampleFrom = "1m"
        let report = try Backtest.run(request, warn: { _ in })
        #expect(report.bars == 24)
        let last = try #require(report.lastTime)
        #expect(last == 1_704_074_100_000, "the last 5-minute bucket opens at minute 115")
        request.resampleFrom = "1h"
        #expect(throws: CSVError.self) { try Backtest.run(request, warn: { _ in }) }
    }
}
