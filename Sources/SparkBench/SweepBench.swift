// Sweep benchmarks: 200 scenarios of sma_cross over a year of one-minute bars (525,600 per
// scenario), once with one worker and once with every core, from fresh result stores.
import Drivers
import Foundation
import Lab
import MarketData

func runSweepBenchmarks() throws {
    let directory = NSTemporaryDirectory() + "spark-bench-sweep-\(getpid())"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let data = "\(directory)/year.csv"
    _ = try BarCSVWriter.write(SyntheticBars(seed: 2024, count: 525_600, start: 1_704_067_200_000, intervalMs: 60_000, startPrice: 42_000), to: data)
    let spec = "\(directory)/sweep.yaml"
    // 10 fast × 20 slow = 200 param sets, one symbol, one period, one cost model, under the default policy.
    try """
    name: bench_200
    strategy: strategies/sma_cross.lua
    ranges:
      fast: { range: [5, 50], step: 5 }
      slow: { range: [60, 440], step: 20 }
    data: { csv: \(data) }
    symbols: [BTCUSDT]
    costs: [{ name: base, fee_bps: 4, slippage_bps: 1 }]
    policy: policies/default.yaml
    objective: sharpe
    """.write(toFile: spec, atomically: true, encoding: .utf8)

    let clock = ContinuousClock()
    let origin = clock.now
    let now: @Sendable () -> Double = {
        let elapsed = clock.now - origin
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
    func pass(workers: Int) throws -> SweepJob.Result {
        let options = SweepJob.Options(
            workers: workers, storePath: "\(directory)/results-\(workers).db", evidenceRoot: "\(directory)/evidence-\(workers)",
            wallClock: { Int64(Date().timeIntervalSince1970 * 1000) }, now: now, nonce: UInt32(workers)
        )
        let result = try SweepJob.run(specPath: spec, options: options, warn: { _ in })
        note("sweep with \(workers) worker(s): \(result.ran) scenarios in \(String(format: "%.1f", result.runSeconds)) s (whole command \(String(format: "%.1f", result.elapsedSeconds)) s)")
        return result
    }
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let single = try pass(workers: 1)
    let all = try pass(workers: cores)
    let scenarios = Double(single.ran)
    emit("sweep.scenarios_per_s.1worker", scenarios / single.runSeconds, "scenarios/s")
    emit("sweep.scenarios_per_s.all", Double(all.ran) / all.runSeconds, "scenarios/s")
    emit("sweep.workers", Double(cores), "workers")
    emit("sweep.speedup", single.runSeconds / all.runSeconds, "ratio")
    // Per scenario, what the one-worker sweep spends beyond the backtest run loop itself: loading the
    // strategy and policy, the scenario key, saving the result, ranking.
    emit("sweep.overhead_ms", (single.runSeconds - single.backtestSeconds) / scenarios * 1000, "ms")
    emit("sweep.evidence_s", single.elapsedSeconds - single.runSeconds, "s")
}
