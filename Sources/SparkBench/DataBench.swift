// Market-data benchmarks: a year of one-minute bars (525,600 rows) in Binance's dump format,
// imported from CSV and from zip into fresh stores, compared with the sqlite3 shell's `.import`,
// and quality-checked; then CSV parsing (ParseBench.swift) and whole-process runs (ProcessBench.swift).
import Drivers
import Foundation
import MarketData
import Store
import DataOps

private func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Writes the year as Binance kline rows (no header, 12 columns, ms times) and returns the bytes.
private func binanceYear(rows: Int) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(rows * 120)
    for bar in SyntheticBars(seed: 2024, count: rows, start: 1_704_067_200_000, intervalMs: 60_000, startPrice: 42_000) {
        let quote = bar.volume * bar.close
        out += Array("\(bar.time),\(bar.open),\(bar.high),\(bar.low),\(bar.close),\(bar.volume),\(bar.time + 59_999),\(quote),\(100),\(bar.volume / 2),\(quote / 2),0\n".utf8)
    }
    return out
}

/// Best-of-`rounds` seconds to import `file` into a fresh store.
private func timeImport(_ file: String, in directory: String, rounds: Int) throws -> Double {
    var best = Double.infinity
    for round in 1...rounds {
        let database = "\(directory)/import-\(round).db"
        let clock = ContinuousClock()
        let start = clock.now
        let result = try DataImport.run(ImportRequest(files: [file], databasePath: database))
        let elapsed = seconds(clock.now - start)
        note("import \((file as NSString).lastPathComponent) round \(round): \(result[0].rows) rows in \(String(format: "%.3f", elapsed)) s")
        best = min(best, elapsed)
    }
    return best
}

/// Seconds for the sqlite3 shell to `.import` the CSV into a comparable WAL table, or nil without the shell.
private func timeSQLiteShell(_ csv: String, in directory: String) throws -> Double? {
    guard let shell = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3", "/opt/homebrew/bin/sqlite3"].first(where: FileManager.default.isExecutableFile) else {
        note("sqlite3 shell not found: skipping data.import_vs_sqlite3.ratio")
        return nil
    }
    let script = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE kline (open_time INTEGER PRIMARY KEY, open REAL, high REAL, low REAL, close REAL, volume REAL,
          close_time INTEGER, quote_volume REAL, trades INTEGER, taker_base REAL, taker_quote REAL, ignore INTEGER);
        .mode csv
        .import \(csv) kline
        SELECT COUNT(*) FROM kline;

        """
    var best = Double.infinity
    for round in 1...2 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: shell)
        process.arguments = ["\(directory)/shell-\(round).db"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        let clock = ContinuousClock()
        let start = clock.now
        try process.run()
        input.fileHandleForWriting.write(Data(script.utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        let elapsed = seconds(clock.now - start)
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        note("sqlite3 .import round \(round): \(text.split(separator: "\n").last ?? "") rows in \(String(format: "%.3f", elapsed)) s")
        best = min(best, elapsed)
    }
    return best
}

/// Runs the data benchmarks and emits their figures.
func runDataBenchmarks() throws {
    let rows = 525_600
    let directory = NSTemporaryDirectory() + "spark-bench-data-\(ProcessInfo.processInfo.processIdentifier)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }

    try runParseBenchmark(in: directory)
    // Parse figure only (for callgrind or perf stat on the parser): SPARK_BENCH_PARSE_ONLY=1 SparkBench data.
    if ProcessInfo.processInfo.environment["SPARK_BENCH_PARSE_ONLY"] != nil { return }
    let bytes = binanceYear(rows: rows)
    let csv = "\(directory)/BTCUSDT-1m-2024.csv"
    try Data(bytes).write(to: URL(fileURLWithPath: csv))
    let zip = "\(directory)/BTCUSDT-1m-2024.zip"
    try ZipWriter.write([(name: "BTCUSDT-1m-2024.csv", bytes: bytes)], to: zip)
    note("data bench: \(rows) rows, CSV \(bytes.count / 1_000_000) MB, zip \(((try? FileManager.default.attributesOfItem(atPath: zip)[.size] as? Int) ?? 0) / 1_000_000) MB")

    let csvSeconds = try timeImport(csv, in: directory, rounds: 3)
    emit("data.import_csv.rows_per_s", Double(rows) / csvSeconds, "rows/s")
    let zipSeconds = try timeImport(zip, in: directory, rounds: 3)
    emit("data.import_zip.rows_per_s", Double(rows) / zipSeconds, "rows/s")
    if let shellSeconds = try timeSQLiteShell(csv, in: directory) {
        // Above 1: Spark imports faster than the sqlite3 shell's own .import of the same file.
        emit("data.import_vs_sqlite3.ratio", shellSeconds / csvSeconds, "ratio")
    }

    var best = Double.infinity
    for _ in 1...3 {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try DataQuality.run(databasePath: "\(directory)/import-1.db", symbol: "BTCUSDT", interval: "1m", save: false)
        best = min(best, seconds(clock.now - start))
        precondition(result.rows == rows, "quality saw \(result.rows) rows")
    }
    emit("data.quality.seconds", best, "s")
    try runFixedCostBenchmarks(in: directory)
    try runProcessBenchmarks(in: directory)
}
