import ArgumentParser
import Drivers
import Foundation
import DataOps

extension Spark.DataCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ls",
            abstract: "List the stored series: symbol, interval, first and last bar, rows, missing bars, quality.",
            discussion: "Example:\n  spark data ls --db out/spark.db"
        )

        @OptionGroup var store: StoreOption

        func run() throws {
            let rows = try CLI.guarded { try SeriesListing.all(databasePath: store.db) }
            guard !rows.isEmpty else {
                print("the store is empty: import bars with spark data import")
                return
            }
            let header = ["symbol", "interval", "first", "last", "rows", "missing", "quality"]
            let table = [header] + rows.map { row in
                [row.symbol, row.interval, ISOTime.string(row.first), ISOTime.string(row.last), "\(row.rows)", row.missing.map { "\($0)" } ?? "-", row.quality]
            }
            let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
            for line in table {
                let cells = line.enumerated().map { $0 == line.count - 1 ? $1 : $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                print(cells.joined(separator: "  "))
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", 
            abstract: "Write a stored series to a bar CSV, optionally resampled to a longer interval.",
            discussion: """
            The CSV has the header time,open,high,low,close,volume (docs/data-formats.md), so `spark backtest --data` reads it back. --resample builds longer bars from stored ones: 1m to 5m, 15m, 1h, 4h or 1d (UTC-aligned).

            Examples:
              spark data export --db out/spark.db --symbol BTCUSDT --interval 1m --out out/btc-1m.csv
              spark data export --symbol BTCUSDT --interval 1m --resample 1h --from 2024-03-01 --out out/btc-1h.csv
            """
        )

        @OptionGroup var store: StoreOption

        @Option(name: .long, help: "The symbol, e.g. BTCUSDT.")
        var symbol: String

        @Option(name: .long, help: "The stored interval, e.g. 1m.")
        var interval = "1m"

        @Option(name: .long, help: "Aggregate to this longer interval (5m, 15m, 1h, 4h, 1d).")
        var resample: String?

        @Option(name: .long, help: ArgumentHelp("First open time: 2024-01-01, 2024-01-01T12:00:00Z or epoch ms.", valueName: "time"))
        var from: String?

        @Option(name: .long, help: ArgumentHelp("Last open time (inclusive).", valueName: "time"))
        var to: String?

        @Option(name: .long, help: ArgumentHelp("The CSV file to write; an existing file is refused.", valueName: "file"))
        var out: String

        @Flag(name: .long, help: "Move an existing --out file aside (FILE.replaced-TIME) instead of refusing.")
        var force = false

        func validate() throws {
            try validateRange(from, to)
        }

        func run() throws {
            try CLI.ensureDirectory(for: out)
            let written = try CLI.guarded {
                try DataExport.run(
                    databasePath: store.db, symbol: symbol, interval: interval, resample: resample,
                    from: try parseTime(from, "--from"), to: try parseTime(to, "--to"), path: out,
                    force: force, time: Int64((Date().timeIntervalSince1970 * 1000).rounded())
                )
            }
            if let aside = written.movedAside { print("moved the earlier \(out) aside to \(aside)") }
            print("wrote \(written.rows) bars to \(out)")
        }
    }
}
