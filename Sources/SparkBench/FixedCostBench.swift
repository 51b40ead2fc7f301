// The fixed costs of a run, measured in this process apart from start-up: loading and binding the
// strategy, rendering the report, and writing the evidence directory of a 10-bar run.
import Drivers
import Foundation
import Lab
import LuaRuntime

/// Best-of-`rounds` milliseconds of `body`.
private func bestMilliseconds(rounds: Int, _ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    let clock = ContinuousClock()
    for _ in 1...rounds {
        let start = clock.now
        try body()
        let elapsed = clock.now - start
        best = min(best, (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18) * 1000)
    }
    return best
}

/// Emits `fixed.strategy_load_ms`, `fixed.report_ms` and `fixed.evidence_ms` (best of 7 each).
func runFixedCostBenchmarks(in directory: String) throws {
    let csv = "\(directory)/fixed-10.csv"
    try writeBarYear(rows: 10, to: csv)
    emit("fixed.strategy_load_ms", try bestMilliseconds(rounds: 7) {
        _ = try RunSetup.prepare(
            strategyPath: strategyPath, paramsPath: nil, overrides: [:], symbol: "BTCUSDT", instrumentsPath: "data/instruments.yaml", limits: LuaLimits(), seed: 1
        )
    }, "ms")
    var request = BacktestRequest(strategyPath: strategyPath, data: .csv(path: csv), symbol: "BTCUSDT")
    request.policyPath = "policies/default.yaml"
    let report = try Backtest.run(request, warn: { _ in })
    emit("fixed.report_ms", bestMilliseconds(rounds: 7) {
        _ = ReportFormatter.json(report)
        _ = ReportFormatter.text(report)
    }, "ms")
    var round = 0
    emit("fixed.evidence_ms", try bestMilliseconds(rounds: 7) {
        round += 1
        _ = try BacktestEvidence.run(request, directory: "\(directory)/fixed-evidence-\(round)", time: 1_767_225_600_000, nonce: 7, warn: { _ in })
    }, "ms")
}
