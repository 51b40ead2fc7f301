import ArgumentParser
import Drivers
import Foundation
import DataOps

extension Spark.DataCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import", 
            abstract: "Import Binance kline dumps (.zip or .csv) or generic bar CSVs into the store.",
            discussion: """
            Symbol and interval come from Binance file names (BTCUSDT-1m-2024-01.zip) or from --symbol and --interval. A FILE.CHECKSUM beside a dump is verified first and a mismatch refuses the file. Each file is one transaction: a file with any bad row writes nothing. Importing the same file twice changes nothing.

            Examples:
              spark data import BTCUSDT-1m-2024-01.zip BTCUSDT-1m-2024-02.zip --db out/spark.db
              spark data import my-bars.csv --format csv --symbol ETHUSDT --interval 1h
            """
        )

        @Argument(help: ArgumentHelp("Dump files (.zip or .csv) or generic CSVs.", valueName: "file"))
        var files: [String]

        @OptionGroup var store: StoreOption

        @Option(name: .long, help: "Symbol for every file, overriding the file names (e.g. BTCUSDT).")
        var symbol: String?

        @Option(name: .long, help: "Interval for every file, overriding the file names (e.g. 1m).")
        var interval: String?

        @Option(name: .long, help: "auto (Binance dump when the name looks like one, else generic CSV), binance or csv.")
        var format = "auto"

        @Flag(name: .long, help: "No progress bar or progress lines.")
        var quiet = false

        func validate() throws {
            guard ImportFormat(rawValue: format) != nil else {
                throw ValidationError("--format \(format): expected auto, binance or csv")
            }
        }

        func run() throws {
            var request = ImportRequest(files: files, databasePath: store.db)
            request.symbol = symbol
            request.interval = interval
            request.format = ImportFormat(rawValue: format) ?? .auto
            try CLI.ensureDirectory(for: store.db)
            let results = try CLI.guarded {
                try DataImport.run(request, progress: quiet ? nil : ProgressReporter.standardError())
            }
            for result in results {
                var notes: [String] = []
                if let unit = result.timeUnit { notes.append("times in \(unit)") }
                notes.append(result.checksumVerified ? "checksum verified" : "no .CHECKSUM file")
                if result.duplicates > 0 { notes.append("\(result.duplicates) duplicate rows (last kept)") }
                if result.outOfOrder > 0 { notes.append("\(result.outOfOrder) out-of-order rows") }
                let span = result.first.map { "\(ISOTime.string($0)) to \(ISOTime.string(result.last!))" } ?? "empty"
                let rate = result.seconds > 0 ? Int(Double(result.rows) / result.seconds) : 0
                print("\(result.path): \(result.rows) bars of \(result.symbol) \(result.interval), \(span) in \(String(format: "%.2f", result.seconds)) s (\(rate) bars/s; \(notes.joined(separator: ", ")))")
            }
        }
    }
}
