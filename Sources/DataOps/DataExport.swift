import Foundation
import Drivers
import MarketData
import SparkCore

/// `spark data export`: one stored series to a bar CSV, optionally resampled to a longer interval.
public enum DataExport {
    /// Writes `symbol`/`interval` bars in `from...to` to `path`; returns the rows written and where
    /// an earlier file at `path` was moved (only with `force`, at `time` in ms; otherwise it is refused).
    public static func run(
        databasePath: String, symbol: String, interval: String, resample: String? = nil, from: Int64? = nil, to: Int64? = nil, path: String,
        force: Bool = false, time: Int64 = 0
    ) throws -> (rows: Int, movedAside: String?) {
        try OutputFile.check(path, force: force)
        let database = try DataStore.open(databasePath)
        try DataStore.requireSeries(database, symbol: symbol, interval: interval)
        var resampler = try resample.map { target throws in
            try BarResampler(from: BarInterval.parse(interval), to: BarInterval.parse(target, file: "--resample"))
        }
        let temporary = "\(path).partial-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        var writer = try BarCSVWriter(path: temporary)
        try database.forEachBar(symbol: symbol, interval: interval, from: from, to: to) { stored in
            let bar = Bar(symbol: SymbolID(0), time: stored.time, open: stored.open, high: stored.high, low: stored.low, close: stored.close, volume: stored.volume)
            if resampler != nil {
                if let done = resampler!.add(bar) { try writer.write(done) }
            } else {
                try writer.write(bar)
            }
        }
        if let last = resampler?.finish() { try writer.write(last) }
        try writer.close()
        let aside = try OutputFile.place(temporary, at: path, force: force, time: time)
        return (writer.rowsWritten, aside)
    }
}
