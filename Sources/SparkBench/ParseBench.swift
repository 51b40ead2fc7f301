// CSV parsing: a year of one-minute bars (525,600 rows) in the bar CSV format of
// data/sample/BTCUSDT-1m-synthetic.csv (ISO times, OHLCV decimals), read into `Bar`s by CSVBarReader.
import Foundation
import MarketData
import SparkCore

/// Writes `rows` synthetic one-minute bars (cents, from 2024-01-01) as a bar CSV at `path`.
func writeBarYear(rows: Int, to path: String) throws {
    let bars = SyntheticBars(seed: 2024, count: rows, start: 1_704_067_200_000, intervalMs: 60_000, startPrice: 42_000)
    _ = try BarCSVWriter.write(bars, to: path)
}

/// Best-of-`rounds` milliseconds to read every bar of `path` into an array.
func timeParse(_ path: String, rows: Int, rounds: Int) throws -> Double {
    var best = Double.infinity
    for round in 1...rounds {
        let clock = ContinuousClock()
        let start = clock.now
        var reader = try CSVBarReader(path: path, symbol: SymbolID(0), policy: .fail)
        var bars: [Bar] = []
        bars.reserveCapacity(rows)
        while let bar = try reader.next() { bars.append(bar) }
        let elapsed = clock.now - start
        let ms = (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18) * 1000
        precondition(bars.count == rows, "parsed \(bars.count) bars of \(rows)")
        note("parse round \(round): \(bars.count) bars in \(String(format: "%.1f", ms)) ms")
        best = min(best, ms)
    }
    return best
}

/// Emits `data.parse_csv_ms.525k`: best of 7 rounds (the file is in the page cache after the first).
func runParseBenchmark(in directory: String) throws {
    let rows = 525_600
    let path = "\(directory)/BTCUSDT-1m-2024-bars.csv"
    try writeBarYear(rows: rows, to: path)
    emit("data.parse_csv_ms.525k", try timeParse(path, rows: rows, rounds: 7), "ms")
}
