import ArgumentParser
import Drivers
import Foundation
import MarketData

extension Spark {
    struct DataCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "data",
            abstract: "Import, fetch, check, list and export market data in the SQLite bar store.",
            discussion: """
            A year of Binance minute bars to a backtest:
              spark data import BTCUSDT-1m-2024-*.zip --db out/spark.db
              spark data quality --db out/spark.db --symbol BTCUSDT --interval 1m
              spark backtest --strategy strategies/sma_cross.lua --db out/spark.db --symbol BTCUSDT

            See docs/data.md for formats, every check and how to fix what it finds.
            """,
            subcommands: [Import.self, Fetch.self, Quality.self, List.self, Export.self]
        )
    }
}

/// The store option shared by the data commands.
struct StoreOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The SQLite bar store.", valueName: "file"))
    var db = "out/spark.db"
}

/// Parses a --from/--to value or fails with the flag's name.
func parseTime(_ text: String?, _ flag: String) throws -> Int64? {
    guard let text else { return nil }
    guard let value = ISOTime.parse(text) else {
        throw ValidationError("\(flag) \(text): expected a date like 2024-01-01, 2024-01-01T12:00:00Z or epoch milliseconds")
    }
    return value
}

/// Fails when both times are given in the wrong order.
func validateRange(_ from: String?, _ to: String?) throws {
    if let start = try parseTime(from, "--from"), let end = try parseTime(to, "--to"), start > end {
        throw ValidationError("--from \(from!) is after --to \(to!)")
    }
}
