import Drivers
import Foundation
import MarketData
import SparkCore
import Store
import Testing
import DataOps

@Suite("Data quality, listing, export and fetch in the store")
struct DataQualityTests {
    /// A store with 120 clean minutes of BTCUSDT, optionally with one bar's close above its high.
    func store(badBar: Bool = false, gap: Bool = false) throws -> String {
        var rows = DataImportTests.rows
        if badBar { rows[30] = "1704069000000,42000,42005,41995,42010,1,1704069059999,0,1,0,0,0" }
        if gap { rows.removeSubrange(50..<53) }
        let directory = Paths.scratch("quality")
        let file = try DataImportTests.write(rows.joined(separator: "\n"), "BTCUSDT-1m-2024-01.csv", in: directory)
        _ = try DataImport.run(ImportRequest(files: [file], databasePath: "\(directory)/spark.db"))
        return "\(directory)/spark.db"
    }

    @Test("a clean series passes and the result is saved for backtests")
    func clean() throws {
        let database = try store()
        let result = try DataQuality.run(databasePath: database, symbol: "BTCUSDT", interval: "1m")
        #expect(result.passed)
        #expect(result.rows == 120)
        #expect(try SeriesListing.all(databasePath: database)[0].quality == "passed")
        #expect(QualityReportFormatter.text(result).contains("result: passed"))
    }

    @Test("a bar with its close above its high fails the fatal OHLC check, in every output format")
    func fatalFailure() throws {
        let database = try store(badBar: true)
        let result = try DataQuality.run(databasePath: database, symbol: "BTCUSDT", interval: "1m")
        #expect(!result.passed)
        #expect(result.failedFatal == [.ohlc])
        #expect(QualityReportFormatter.text(result).contains("FAIL ohlc"))
        let json = try JSONSerialization.jsonObject(with: Data(QualityReportFormatter.json(result).utf8)) as? [String: Any]
        #expect(json?["passed"] as? Bool == false)
        #expect(json?["failed_fatal"] as? [String] == ["ohlc"])
        #expect(QualityReportFormatter.markdown(result).contains("| OHLC consistency (`ohlc`) | yes | 1 | 1 | FAIL |"))
        #expect(QualityReportFormatter.html(result).contains("<td class=\"fail\">FAIL</td>"))
        #expect(try SeriesListing.all(databasePath: database)[0].quality == "failed: ohlc")
        // Not fatal when the caller says so.
        #expect(try DataQuality.run(databasePath: database, symbol: "BTCUSDT", interval: "1m", fatal: [.gaps]).passed)
    }

    @Test("a gap shows in ls as missing bars and in the quality result as a span")
    func gapListing() throws {
        let database = try store(gap: true)
        #expect(try SeriesListing.all(databasePath: database)[0].missing == 3)
        let result = try DataQuality.run(databasePath: database, symbol: "BTCUSDT", interval: "1m")
        #expect(result.outcome(.gaps).examples.first?.bars == 3)
        #expect(result.passed)
    }

    @Test("backtests over the store warn while the series is unchecked or has fatal issues, and not once it passes")
    func backtestWarning() throws {
        let database = try store(badBar: true)
        func warnings() throws -> [String] {
            var request = BacktestRequest(strategyPath: Paths.repo("strategies/sma_cross.lua"), data: .database(path: database), symbol: "BTCUSDT")
            request.paramsPath = Paths.repo("params/sma_cross/default.yaml")
            return try Backtest.run(request, warn: { _ in }).warnings
        }
        #expect(try warnings().contains { $0.contains("has not been quality-checked") })
        _ = try DataQuality.run(databasePath: database, symbol: "BTCUSDT", interval: "1m")
        #expect(try warnings().contains { $0.contains("unresolved fatal data-quality issues (ohlc)") })
        _ = try DataQuality.run(databasePath: database, symbol: "BTCUSDT", interval: "1m", fatal: [])
        #expect(try !warnings().contains { $0.contains("quality") })
    }

    @Test("an unknown symbol or interval names what the store holds; a missing store says how to make one")
    func unknownSeries() throws {
        let database = try store()
        #expect(throws: ConfigError.self) { try DataQuality.run(databasePath: database, symbol: "ETHUSDT", interval: "1m") }
        do {
            _ = try DataExport.run(databasePath: database, symbol: "BTCUSDT", interval: "5m", path: Paths.scratch() + "/x.csv")
            Issue.record("expected an error")
        } catch let error as ConfigError {
            #expect(error.hint?.contains("stored series: BTCUSDT 1m") == true)
        }
        #expect(throws: CSVError.self) { try DataQuality.run(databasePath: database, symbol: "BTCUSDT", interval: "7m") }
        #expect(throws: ConfigError.self) { try SeriesListing.all(databasePath: Paths.scratch() + "/none.db") }
    }

    @Test("export writes the series as a bar CSV that reads back; --resample 1h aggregates it")
    func export() throws {
        let database = try store()
        let path = Paths.scratch() + "/out.csv"
        #expect(try DataExport.run(databasePath: database, symbol: "BTCUSDT", interval: "1m", path: path).rows == 120)
        #expect(try CSVBarReader.readAll(path: path, symbol: SymbolID(0)).count == 120)
        let hourly = Paths.scratch() + "/hourly.csv"
        #expect(try DataExport.run(databasePath: database, symbol: "BTCUSDT", interval: "1m", resample: "1h", path: hourly).rows == 2)
        let bars = try CSVBarReader.readAll(path: hourly, symbol: SymbolID(0))
        #expect(bars.map(\.volume) == [120, 120])
        #expect(bars[0].open == 42_000 && bars[0].high == 42_011)
    }

    @Test("progress goes to plain log lines off a terminal and to a redrawn bar with rate and ETA on one")
    func progress() {
        var time = 0.0
        var lines: [String] = []
        let plain = ProgressReporter(interactive: false, now: { time }, write: { lines.append($0) })
        plain.start(label: "dump.zip", total: 1000)
        time = 6
        plain.update(done: 500, rows: 3000)
        time = 12
        plain.finish(rows: 6000)
        #expect(lines == ["dump.zip: started\n", "dump.zip: 50%, 3000 bars, 500 bars/s, ETA 6s\n", "dump.zip: 6000 bars in 12.00 s (500 bars/s)\n"])
        lines = []
        time = 0
        let bar = ProgressReporter(interactive: true, now: { time }, write: { lines.append($0) })
        bar.start(label: "dump.zip", total: 1000)
        time = 1
        bar.update(done: 250, rows: 10_000)
        #expect(lines.count == 1)
        #expect(lines[0].hasPrefix("\rdump.zip "))
        #expect(lines[0].contains(" 25%") && lines[0].contains("10k/s") && lines[0].contains("ETA 3s"))
    }
}

@Suite("Checking a dump file before import")
struct DumpQualityTests {
    @Test("a concatenated, partly unsorted dump fails the duplicate and out-of-order checks, and nothing is stored")
    func dumpFile() throws {
        let directory = Paths.scratch("dump-quality")
        var rows = DataImportTests.rows
        rows += DataImportTests.rows[100..<110]
        rows.swapAt(10, 11)
        let path = try DataImportTests.write(rows.joined(separator: "\n"), "BTCUSDT-1m-2024-01.csv", in: directory)
        let result = try DataQuality.checkDump(path: path)
        #expect(result.symbol == "BTCUSDT" && result.interval == "1m")
        #expect(result.rows == 130)
        #expect(result.outcome(.duplicates).findings == 0, "the appended rows go back in time rather than repeat")
        #expect(result.outcome(.outOfOrder).findings == 2)
        #expect(!result.passed)
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/spark.db"))
        var repeated = DataImportTests.rows
        repeated.insert(repeated[5], at: 6)
        let twice = try DataImportTests.write(repeated.joined(separator: "\n"), "ETHUSDT-1m-2024-01.csv", in: directory)
        #expect(try DataQuality.checkDump(path: twice).failedFatal == [.duplicates])
    }
}
