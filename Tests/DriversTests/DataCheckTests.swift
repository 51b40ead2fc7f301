import Foundation
import Testing
@testable import Drivers
import MarketData
import SparkConfig
@testable import DataOps

/// The loud data checks of a backtest and an import: each silent wrong result of issue 14 is refused
/// with what, where and what to do, or counted in the report (docs/data.md).
@Suite("Data checks before a result is trusted")
struct DataCheckTests {
    static let hour: Int64 = 3_600_000
    static let start: Int64 = 1_704_067_200_000

    /// A bar CSV of `count` bars `spacing` ms apart, prices written by `price`.
    static func csv(_ count: Int, spacing: Int64, named name: String = "bars.csv", price: (Int) -> String = { "\(100 + $0 % 7)" }) -> String {
        let rows = (0..<count).map { index in
            let value = price(index)
            return "\(start + Int64(index) * spacing),\(value),\(value),\(value),\(value),1"
        }
        return Paths.write((["time,open,high,low,close,volume"] + rows).joined(separator: "\n") + "\n", named: name)
    }

    static func request(_ path: String, symbol: String = "REF") -> BacktestRequest {
        BacktestRequest(strategyPath: Paths.repo("strategies/sma_cross.lua"), data: .csv(path: path), symbol: symbol)
    }

    static func refusal(_ request: BacktestRequest) -> ConfigError? {
        do {
            _ = try Backtest.run(request, warn: { _ in })
            return nil
        } catch let error as ConfigError {
            return error
        } catch {
            Issue.record("expected a ConfigError, got \(error)")
            return nil
        }
    }

    @Test("EURUSD prices on a 0.00001 tick with no instrument declared are refused, with the instruments line to add")
    func offTick() throws {
        let path = Self.csv(60, spacing: Self.hour) { "1.08\(200 + $0 % 9)" }
        let error = try #require(Self.refusal(Self.request(path, symbol: "EURUSD")))
        #expect(error == ConfigError(
            .data, "prices need a tick of 0.00001 (5 decimals; the first bar off 0.01 opens at 2024-01-01T00:00:00Z), finer than the default tick 0.01 (EURUSD is not in data/instruments.yaml): every price would be rounded to 0.01",
            file: path, hint: "add this line to data/instruments.yaml (or the file given with --instruments): EURUSD: { quote: USDT, tick: \"0.00001\", step: \"0.00001\" }"
        ))
    }

    @Test("the same EURUSD bars run once the instruments file declares the tick")
    func declaredTickRuns() throws {
        let path = Self.csv(60, spacing: Self.hour) { "1.08\(200 + $0 % 9)" }
        let instruments = Paths.write("EURUSD: { quote: USD, tick: \"0.00001\", step: \"1\" }\n", named: "instruments.yaml")
        var request = Self.request(path, symbol: "EURUSD")
        request.instrumentsPath = instruments
        let report = try Backtest.run(request, warn: { _ in })
        #expect(report.bars == 60)
        #expect(report.interval == "1h")
    }

    @Test("daily bars run without --interval are labelled 1d, and --interval 1m over them is refused")
    func dailyBarsAsMinutes() throws {
        let path = Self.csv(40, spacing: 24 * Self.hour)
        #expect(try Backtest.run(Self.request(path), warn: { _ in }).interval == "1d")
        var request = Self.request(path)
        request.interval = "1m"
        #expect(Self.refusal(request) == ConfigError(
            .data, "bars are 1d apart, but --interval is 1m: the report would mislabel every bar", file: path,
            hint: "pass --interval 1d (for a CSV, leave --interval out and the spacing names it)"
        ))
    }

    @Test("--interval 1h over one-minute bars is refused")
    func hourOverMinutes() throws {
        let path = Self.csv(120, spacing: 60_000)
        var request = Self.request(path)
        request.interval = "1h"
        #expect(Self.refusal(request) == ConfigError(
            .data, "bars are 1m apart, but --interval is 1h: the report would mislabel every bar", file: path,
            hint: "pass --interval 1m, or --resample-from 1m --interval 1h to build 1h bars from them (for a CSV, leave --interval out and the spacing names it)"
        ))
        request.resampleFrom = "1m"
        #expect(try Backtest.run(request, warn: { _ in }).bars == 2)
    }

    @Test("an unsorted file fails the run instead of backtesting the few rows left")
    func unsortedFails() throws {
        // 300 rows, descending: every row after the first is before its predecessor.
        let rows = (0..<300).map { index in "\(Self.start + Int64(299 - index) * 60_000),100,100,100,100,1" }
        let path = Paths.write((["time,open,high,low,close,volume"] + rows).joined(separator: "\n") + "\n", named: "unsorted.csv")
        let error = try #require(Self.refusal(Self.request(path)))
        #expect(error.code == .data)
        #expect(error.file == path && error.line == 3 && error.column == 1)
        #expect(error.message.hasPrefix("299 of 300 rows are bad, more than the 1% a run skips: line 3: time 2024-01-01T04:58:00Z is before the previous row (2024-01-01T04:59:00Z)"))
        #expect(error.hint == "fix the file (sort it by time, use ',' between fields and '.' in numbers), or pass --skip-bad-rows to run on the good rows alone")
    }

    @Test("--skip-bad-rows runs on the good rows and the report counts the skipped ones")
    func skipBadRowsCounts() throws {
        let path = Self.csv(100, spacing: 60_000) { $0 % 10 == 5 ? "nan" : "100" }
        var request = Self.request(path)
        #expect(Self.refusal(request)?.message.hasPrefix("10 of 100 rows are bad") == true)
        request.skipBadRows = true
        let report = try Backtest.run(request, warn: { _ in })
        #expect(report.bars == 90)
        #expect(report.warnings.contains("\(path): skipped 10 of 100 rows (--skip-bad-rows)"))
    }

    @Test("one bad row in two hundred is under the share and only warns")
    func fewBadRowsWarn() throws {
        let path = Self.csv(200, spacing: 60_000) { $0 == 50 ? "x" : "100" }
        var warnings: [String] = []
        let report = try Backtest.run(Self.request(path), warn: { warnings.append($0) })
        #expect(report.bars == 199)
        #expect(warnings.contains { $0.hasPrefix("\(path):52:") && $0.hasSuffix("(row skipped)") })
    }

    @Test("all-NaN closes give the reason for the first bad rows, not 'no bars in the requested range'")
    func allNaN() throws {
        let rows = (0..<5).map { "\(Self.start + Int64($0) * 60_000),100,100,100,NaN,1" }
        let path = Paths.write((["time,open,high,low,close,volume"] + rows).joined(separator: "\n") + "\n", named: "nan.csv")
        let error = try #require(Self.refusal(Self.request(path)))
        #expect(error.line == 2 && error.column == 27)
        #expect(error.message.hasPrefix("5 of 5 rows are bad, more than the 1% a run skips: line 2: close is NaN: NaN and infinite values are not allowed; line 3: close is NaN"))
    }

    @Test("a semicolon file with decimal commas fails the run naming the decimal comma")
    func decimalCommaFails() throws {
        let rows = (0..<5).map { "\(Self.start + Int64($0) * 60_000);100,5;101;100;100,5;1" }
        let path = Paths.write((["time;open;high;low;close;volume"] + rows).joined(separator: "\n") + "\n", named: "semicolon.csv")
        let error = try #require(Self.refusal(Self.request(path)))
        #expect(error.message.hasPrefix("5 of 5 rows are bad, more than the 1% a run skips: line 2: open '100,5' is semicolon-separated with decimal commas: write it with a decimal point (100.5)"))
    }

    @Test("a gzip file given to a backtest is named, not printed")
    func gzipBacktest() throws {
        let path = Paths.scratch() + "/bars.csv.gz"
        #expect(FileManager.default.createFile(atPath: path, contents: Data([0x1F, 0x8B, 0x08, 0x00, 0x0A, 0xFF, 0xFE])))
        let request = Self.request(path)
        #expect(throws: CSVError(.notText, "this is a gzip-compressed file, not a CSV text file (nothing of it is printed)", file: path, hint: "decompress it first (gunzip -k FILE) and pass the CSV it holds")) {
            try Backtest.run(request, warn: { _ in })
        }
    }

    @Test("data import of a bar CSV with a Binance-like name imports it as a bar CSV")
    func importHeadedCSV() throws {
        let path = Self.csv(30, spacing: 60_000, named: "BTCUSDT-1m-synthetic.csv")
        let result = try DataImport.run(ImportRequest(files: [path], databasePath: Paths.scratch() + "/spark.db"))
        #expect(result.first?.format == .csv)
        #expect(result.first?.rows == 30)
    }

    @Test("--format binance on a bar CSV is refused with the import path to use")
    func binanceFormatOnCSV() throws {
        let path = Self.csv(3, spacing: 60_000, named: "BTCUSDT-1m-2024-01.csv")
        var request = ImportRequest(files: [path], databasePath: Paths.scratch() + "/spark.db")
        request.format = .binance
        #expect(throws: CSVError(
            .header, "the first line is a header of 6 columns, so this is a bar CSV, not a Binance kline dump", file: path, line: 1,
            hint: "import it with --format csv (or leave --format out); a Binance dump has no header and 12 numeric columns"
        )) {
            try DataImport.run(request)
        }
    }
}
