import Desk
import Drivers
import Foundation
@testable import Lab
import Store
import Testing

@Suite("Sweeps")
struct SweepRunTests {
    @Test("a strategy that fails on some scenarios is recorded as failed with its error, and the sweep goes on")
    func failuresAreRecorded() throws {
        let root = Paths.scratch("failures")
        let spec = Specs.write(Specs.text(ranges: "fast: [10, 20]\n  slow: [20, 30]"))
        let result = try SweepJob.run(specPath: spec, options: Specs.options(root: root, store: nil), warn: { _ in })
        #expect(result.leaderboard.rows.count == 4)
        #expect(result.failed == 1)
        let failed = try #require(result.leaderboard.rows.first { $0.outcome.failed })
        #expect(failed.outcome.scenario.params["fast"] == .int(20) && failed.outcome.scenario.params["slow"] == .int(20))
        #expect(failed.outcome.error?.contains("sma_cross.lua:19: fast must be shorter than slow") == true)
        #expect(failed.rank == nil && result.leaderboard.rows.last?.outcome.failed == true)
        let csv = try String(contentsOfFile: "\(result.evidenceDirectory!)/leaderboard.csv", encoding: .utf8)
        #expect(csv.contains("fast must be shorter than slow"))
    }

    @Test("a killed sweep resumes where it stopped: nothing lost, nothing run twice")
    func resumeAfterKill() throws {
        let root = Paths.scratch("resume")
        let store = root + "/lab.db"
        let spec = Specs.write(Specs.text(ranges: "fast: [5, 8, 10, 12]\n  slow: [20, 30, 40]"))
        let started = Counter()
        var options = Specs.options(root: root, store: store, workers: 2)
        // Stop after five scenarios started: the ones in flight finish and are saved.
        options.stop = { started.increment() > 5 }
        let first = try SweepJob.run(specPath: spec, options: options, warn: { _ in })
        #expect(first.evidenceDirectory == nil)
        let saved = try AppDatabase.open(path: store).scenarios(keys: first.leaderboard.rows.map(\.outcome.scenario.key))
        #expect(saved.count == first.ran && first.ran >= 5 && first.ran < 12)

        let second = try SweepJob.run(specPath: spec, options: Specs.options(root: root, store: store), warn: { _ in })
        #expect(second.reused == first.ran)
        #expect(second.ran == 12 - first.ran)
        let all = try AppDatabase.open(path: store).scenarios(keys: second.leaderboard.rows.map(\.outcome.scenario.key))
        #expect(all.count == 12)

        let third = try SweepJob.run(specPath: spec, options: Specs.options(root: root, store: store, nonce: 1), warn: { _ in })
        #expect(third.ran == 0 && third.reused == 12)
        // Reused results rank exactly like fresh ones.
        let fresh = try SweepJob.run(specPath: spec, options: Specs.options(root: Paths.scratch("fresh"), store: nil), warn: { _ in })
        #expect(third.leaderboard.csv() == fresh.leaderboard.csv())
    }

    @Test("one worker and two workers give the same leaderboard, byte for byte")
    func parallelIsDeterministic() throws {
        let spec = Specs.write(Specs.text(ranges: "fast: [5, 8, 10]\n  slow: [20, 30, 40]"))
        let one = try SweepJob.run(specPath: spec, options: Specs.options(root: Paths.scratch("one"), store: nil, workers: 1), warn: { _ in })
        let two = try SweepJob.run(specPath: spec, options: Specs.options(root: Paths.scratch("two"), store: nil, workers: 2), warn: { _ in })
        #expect(one.leaderboard.csv() == two.leaderboard.csv())
        #expect(one.ran == 9 && two.ran == 9)
    }

    @Test("constraints exclude rows from winning and say why; the best row per symbol wins")
    func constraintsExclude() throws {
        let spec = Specs.write(Specs.text(ranges: "fast: [5, 10]\n  slow: [20, 30]", extra: "constraints: { min_trades: 1000 }"))
        let result = try SweepJob.run(specPath: spec, options: Specs.options(root: Paths.scratch("constrained"), store: nil), warn: { _ in })
        #expect(result.best.isEmpty)
        #expect(result.leaderboard.rows.allSatisfy { $0.rank == nil })
        #expect(result.leaderboard.rows.first?.excluded?.hasPrefix("trades") == true)

        let open = Specs.write(Specs.text(ranges: "fast: [5, 10]\n  slow: [20, 30]"))
        let ranked = try SweepJob.run(specPath: open, options: Specs.options(root: Paths.scratch("ranked"), store: nil), warn: { _ in })
        let returns = ranked.leaderboard.rows.compactMap { $0.outcome.metrics?.totalReturn }
        #expect(returns == returns.sorted(by: >))
        #expect(ranked.best.first?.rank == 1)
        let best = try String(contentsOfFile: "\(ranked.evidenceDirectory!)/best.json", encoding: .utf8)
        #expect(best.contains(ranked.best[0].outcome.scenario.key))
    }

    @Test("the winner becomes a param set that loads with the same values, and an existing different file is never replaced")
    func winnerParamSet() throws {
        let spec = Specs.write(Specs.text(ranges: "fast: [5, 10]\n  slow: [20, 30]"))
        let result = try SweepJob.run(specPath: spec, options: Specs.options(root: Paths.scratch("winner"), store: nil), warn: { _ in })
        let target = Paths.scratch("params") + "/sweep.yaml"
        let written = try WinnerParamSet.write(best: "\(result.evidenceDirectory!)/best.json", symbol: "BTCUSDT", output: target)
        let set = try ParamSetFile.load(path: written)
        #expect(set.strategy == "sma_cross")
        #expect(set.values["fast"] == result.best[0].outcome.scenario.params["fast"])
        #expect(set.values["size"] == .number(0.01) || set.values["size"] == result.best[0].outcome.scenario.params["size"])
        // Writing the same winner again is fine; a different file in the way is not.
        _ = try WinnerParamSet.write(best: "\(result.evidenceDirectory!)/best.json", symbol: "BTCUSDT", output: target)
        Paths.write("strategy: sma_cross\nvalues: { fast: 3 }\n", to: target)
        #expect(throws: ConfigError.self) { try WinnerParamSet.write(best: "\(result.evidenceDirectory!)/best.json", symbol: "BTCUSDT", output: target) }
        #expect(throws: ConfigError.self) { try WinnerParamSet.write(best: "\(result.evidenceDirectory!)/best.json", symbol: "ETHUSDT", output: nil) }
    }

    @Test("a period with no bars is refused before anything runs")
    func emptyPeriod() throws {
        let spec = Specs.write(Specs.text(day: "2030-01-01"))
        #expect(throws: ConfigError.self) { try SweepJob.run(specPath: spec, options: Specs.options(root: Paths.scratch("empty"), store: nil), warn: { _ in }) }
    }

    @Test("progress lines show done/total, failures, rate, ETA and the best so far")
    func progressLine() {
        let progress = SweepProgress(done: 37, total: 200, reused: 5, failed: 1, elapsed: 8, ran: 32, best: (1.82, "{\"fast\":8}"))
        let line = SweepProgressView.line(progress, objective: "sharpe")
        #expect(line == "37/200 (5 reused, 1 failed)  4.0/s  ETA 41s  best sharpe 1.82 {\"fast\":8}")
    }
}
