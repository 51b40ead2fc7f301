import ArgumentParser
import Drivers
import Foundation
import MarketData
import DataOps

extension Spark.DataCommand {
    struct Quality: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "quality", 
            abstract: "Check a stored series, or a dump file before import, for gaps, duplicates, bad OHLC, stale candles, outliers and more.",
            discussion: """
            Prints one line per check and the first findings of each. Exit 1 when a fatal check finds anything (default fatal: duplicates, out_of_order, ohlc, prices, off_grid), so pipelines can stop on bad data. The result is saved in the store: backtests over the series warn while it has unresolved fatal issues.

            With --file, checks a Binance dump (zip or CSV) instead, without importing or saving anything; symbol and interval come from its name unless given.

            Examples:
              spark data quality --db out/spark.db --symbol BTCUSDT --interval 1m
              spark data quality --file BTCUSDT-1m-2024-01.zip
              spark data quality --symbol BTCUSDT --interval 1m --json --fatal gaps,ohlc --report out/quality.html
            """
        )

        @OptionGroup var store: StoreOption

        @Option(name: .long, help: "The symbol, e.g. BTCUSDT (required unless --file names it).")
        var symbol: String?

        @Option(name: .long, help: "The interval, e.g. 1m (default 1m; with --file, from its name).")
        var interval: String?

        @Option(name: .long, help: ArgumentHelp("Check this Binance dump file instead of the store.", valueName: "file"))
        var file: String?

        @Flag(name: .long, help: "Print one JSON object instead of the summary.")
        var json = false

        @Option(name: .long, help: ArgumentHelp("Also write a report; .html for HTML, anything else Markdown.", valueName: "file"))
        var report: String?

        @Option(name: .long, help: ArgumentHelp("Checks that fail the command: all, none, or a list like gaps,ohlc.", valueName: "checks"))
        var fatal: String?

        @Option(name: .customLong("outlier-k"), help: "Flag returns more than K standard deviations from the mean.")
        var outlierK = 8.0

        func validate() throws {
            guard file != nil || symbol != nil else { throw ValidationError("give --symbol (and --interval) for a stored series, or --file for a dump") }
            guard outlierK > 0, outlierK.isFinite else { throw ValidationError("--outlier-k must be a positive number") }
            if let fatal, case .failure(let error) = QualityCheck.parseList(fatal) {
                throw ValidationError("--fatal \(fatal): \(error.message); \(error.hint ?? "")")
            }
        }

        func run() throws {
            let fatalChecks = try fatal.map { try QualityCheck.parseList($0).get() } ?? QualityCheck.defaultFatal
            let result = try CLI.guarded {
                if let file {
                    return try DataQuality.checkDump(path: file, symbol: symbol, interval: interval, outlierK: outlierK, fatal: fatalChecks)
                }
                return try DataQuality.run(databasePath: store.db, symbol: symbol!, interval: interval ?? "1m", outlierK: outlierK, fatal: fatalChecks)
            }
            print(json ? QualityReportFormatter.json(result) : QualityReportFormatter.text(result))
            if let report {
                let text = report.lowercased().hasSuffix(".html") ? QualityReportFormatter.html(result) : QualityReportFormatter.markdown(result)
                try CLI.ensureDirectory(for: report)
                try Data(text.utf8).write(to: URL(fileURLWithPath: report))
                CLI.warn("wrote \(report)")
            }
            if !result.passed { throw ExitCode.failure }
        }
    }
}
