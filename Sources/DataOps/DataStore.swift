import Foundation
import Drivers
import MarketData
import Store

/// Store look-ups shared by the data commands, with errors that say what is stored.
enum DataStore {
    /// Opens an existing store (never creates one for a read command).
    static func open(_ path: String) throws -> AppDatabase {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigError(.unreadable, "no bar store at this path", file: path, hint: "import bars first: spark data import FILE --db \(path)")
        }
        return try AppDatabase.open(path: path)
    }

    /// Throws naming the stored series when `symbol`/`interval` has no bars.
    static func requireSeries(_ database: AppDatabase, symbol: String, interval: String) throws {
        _ = try BarInterval.parse(interval, file: database.path)
        guard try database.count(symbol: symbol, interval: interval) == 0 else { return }
        let stored = try database.series().map { "\($0.symbol) \($0.interval)" }
        throw ConfigError(
            .data, "no bars for \(symbol) \(interval) in the store", file: database.path,
            hint: stored.isEmpty ? "the store is empty: import bars with spark data import" : "stored series: \(stored.joined(separator: ", "))"
        )
    }
}
