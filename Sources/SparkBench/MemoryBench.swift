// Peak memory of the whole `spark backtest --out` process at 1 M and 10 M bars: flat memory means
// decisions, trades and equity stream to their files and the report keeps bounded summaries, so ten
// times the bars may not cost more than 1.2 times the peak resident set.
import Foundation

private let timeBinary = "/usr/bin/time"

/// Peak resident set in MB of `spark backtest --out` over `rows` generated bars, read with GNU
/// time's `%M`: time forks and execs spark, so the figure is spark's own peak (a child spawned
/// straight from this big process would inherit this process's high-water mark at exec).
private func sparkPeakRSS(rows: Int, in directory: String) throws -> Double {
    let csv = "\(directory)/rss-\(rows).csv"
    let out = "\(directory)/rss-\(rows)-out"
    try writeBarYear(rows: rows, to: csv)
    defer {
        try? FileManager.default.removeItem(atPath: csv)
        try? FileManager.default.removeItem(atPath: out)
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: timeBinary)
    process.arguments = [
        "-f", "peak-rss-kb %M", ".build/release/spark", "backtest", "--strategy", "strategies/sma_cross.lua", "--data", csv,
        "--symbol", "BTCUSDT", "--json", "--out", out, "--max-decisions", "100000000",
    ]
    let errors = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errors
    let clock = ContinuousClock()
    let start = clock.now
    try process.run()
    let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let elapsed = clock.now - start
    guard process.terminationStatus == 0,
          let line = text.split(separator: "\n").last(where: { $0.hasPrefix("peak-rss-kb ") }),
          let kilobytes = Double(line.dropFirst("peak-rss-kb ".count))
    else { throw BenchFailure("spark backtest --out on \(rows) bars exited \(process.terminationStatus): \(text.suffix(400))") }
    note("peak rss \(rows) bars: \(String(format: "%.1f", kilobytes / 1024)) MB, \(elapsed.components.seconds) s end to end")
    return kilobytes / 1024
}

/// Emits `backtest.peak_rss_mb.1m`, `backtest.peak_rss_mb.10m` and their ratio (the goal: ≤ 1.2).
func runMemoryBenchmarks() throws {
    guard FileManager.default.isExecutableFile(atPath: ".build/release/spark"), FileManager.default.isExecutableFile(atPath: timeBinary) else {
        note("no .build/release/spark or \(timeBinary): skipping backtest.peak_rss_mb.*")
        return
    }
    let directory = NSTemporaryDirectory() + "spark-bench-rss-\(ProcessInfo.processInfo.processIdentifier)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let small = try sparkPeakRSS(rows: 1_000_000, in: directory)
    emit("backtest.peak_rss_mb.1m", small, "MB")
    let large = try sparkPeakRSS(rows: 10_000_000, in: directory)
    emit("backtest.peak_rss_mb.10m", large, "MB")
    emit("backtest.peak_rss.ratio_10m_1m", large / small, "ratio")
}
