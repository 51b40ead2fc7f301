import Foundation
import Drivers
import Engine
import Store

/// Walk-forward analysis: optimise on each in-sample window, test the winner on the following
/// out-of-sample window, and stitch the out-of-sample equity, so overfitting shows as degradation.
enum WalkForwardJob {
    /// The windows' time ranges over `first...last` for the spec's lengths and mode.
    static func windows(first: Int64, last: Int64, spec: SweepSpec.WalkForward) -> [(inSample: ClosedRange<Int64>, outOfSample: ClosedRange<Int64>)] {
        var result: [(ClosedRange<Int64>, ClosedRange<Int64>)] = []
        var index: Int64 = 0
        while true {
            let inStart = spec.mode == .rolling ? first + index * spec.stepMs : first
            let inEnd = first + spec.inSampleMs + index * spec.stepMs - 1
            let outStart = inEnd + 1
            guard outStart <= last, inStart <= inEnd else { break }
            result.append((inStart...inEnd, outStart...min(last, outStart + spec.outOfSampleMs - 1)))
            index += 1
        }
        return result
    }

    static func run(_ prepared: SweepJob.Prepared, options: SweepJob.Options, warn: @escaping (String) -> Void) throws -> SweepJob.Result {
        let store = try options.storePath.map { path throws(StoreError) in try AppDatabase.open(path: path) }
        let started = options.now()
        let time = options.wallClock()
        let evidenceID = EvidenceRecord.makeID(time: time, random: options.nonce)
        let directory = "\(options.evidenceRoot)/\(evidenceID)"
        var result: SweepJob.Result?
        try Evidence.stage(directory) { staging in
            let (windows, outcomes, leaderboard) = try produce(prepared, workers: options.workers, store: store, into: staging, options: options)
            let reproducible = ["walkforward.csv", "oos_equity.csv"] + windows.flatMap { window in
                ["windows/\(window.label)-\(window.symbol)/leaderboard.csv"] + (window.params == nil ? [] : BacktestEvidence.reproducible.map { "windows/\(window.label)-\(window.symbol)/oos/\($0)" })
            }
            let record = EvidenceRecord(
                kind: "walk_forward", evidenceID: evidenceID, createdAt: ISOTime.string(time), inputs: try SweepJob.inputRecords(prepared, into: staging),
                series: prepared.seriesRecords, reproducible: reproducible, recipe: EvidenceRecord.Recipe(backtest: nil, spec: "inputs/spec.yaml")
            )
            let ran = outcomes.filter { !$0.reused }
            var done = SweepJob.Result(
                plan: prepared.plan, leaderboard: leaderboard, best: [], evidenceDirectory: directory, record: record, ran: ran.count,
                reused: outcomes.count - ran.count, failed: outcomes.filter(\.failed).count, elapsedSeconds: options.now() - started,
                backtestSeconds: ran.reduce(0) { $0 + $1.elapsedSeconds }, windows: windows
            )
            try Evidence.write(Timing.json([("elapsed_s", done.elapsedSeconds), ("scenarios", Double(outcomes.count)), ("ran", Double(done.ran)), ("workers", Double(options.workers))]), to: "\(staging)/timing.json")
            try LabReport.walkForward(prepared, windows: windows, directory: staging, evidenceID: evidenceID)
            try Evidence.seal(staging, record: record, title: "Walk-forward \(prepared.spec.name)", finalPath: directory)
            done.elapsedSeconds = options.now() - started
            result = done
        }
        return result!
    }

    /// Runs every window and writes the reproducible files; returns the windows and all outcomes.
    @discardableResult
    static func produce(
        _ prepared: SweepJob.Prepared, workers: Int, store: AppDatabase?, into directory: String, options: SweepJob.Options? = nil
    ) throws -> ([WalkForwardWindow], [ScenarioOutcome], Leaderboard) {
        let spec = prepared.spec
        let walk = spec.walkForward!
        let rule = Leaderboard.Rule(objective: spec.objective, constraints: spec.constraints)
        let names = prepared.plan.schema.parameters.map(\.name)
        var series = prepared.series
        var inSample: [Scenario] = []
        var plan: [(number: Int, symbol: String, inRange: ClosedRange<Int64>, outRange: ClosedRange<Int64>)] = []
        for symbol in spec.symbols {
            let full = prepared.series[SweepRunner.seriesKey(symbol: symbol, period: spec.periods[0].name)]!
            let ranges = windows(first: full.range!.first, last: full.range!.last, spec: walk)
            guard !ranges.isEmpty else {
                throw ConfigError(.value, "the data for \(symbol) is too short for one walk-forward window (in_sample + out_of_sample)", file: spec.path, hint: "shorten the windows or widen the period")
            }
            for (offset, range) in ranges.enumerated() {
                let number = offset + 1
                let name = "w\(number)-is"
                let slice = full.slice(from: range.inSample.lowerBound, to: range.inSample.upperBound)
                series[SweepRunner.seriesKey(symbol: symbol, period: name)] = slice
                series[SweepRunner.seriesKey(symbol: symbol, period: "w\(number)-oos")] = full.slice(from: range.outOfSample.lowerBound, to: range.outOfSample.upperBound)
                for params in prepared.plan.paramSets {
                    for costs in spec.costs {
                        var scenario = Scenario(index: inSample.count, params: params, symbol: symbol, period: SweepSpec.Period(name: name, from: range.inSample.lowerBound, to: range.inSample.upperBound), costs: costs)
                        scenario.key = prepared.key(scenario, bars: slice)
                        inSample.append(scenario)
                    }
                }
                plan.append((number, symbol, range.inSample, range.outOfSample))
            }
        }
        // A re-run (evidence verify) has no options: no clock, no progress, never stopped.
        let quiet = SweepJob.Options(workers: workers, storePath: nil, evidenceRoot: "", wallClock: { 0 }, now: { 0 }, nonce: 0)
        let settings = options ?? quiet
        let (now, wallClock, stop, progress) = (settings.now, settings.wallClock, settings.stop, settings.progress)
        let runner = SweepRunner(plan: prepared.plan, strategySource: prepared.strategySource, series: series, workers: workers, now: now, wallClock: wallClock)
        let outcomes = try runner.run(inSample, store: store, stop: stop, progress: progress)
        guard outcomes.count == inSample.count else { throw ConfigError(.flag, "walk-forward stopped before every window was optimised; run it again to resume") }

        var windows: [WalkForwardWindow] = []
        var stitched: [String] = ["time,symbol,window,equity"]
        var equityBySymbol: [String: Double] = [:]
        var outOfSample: [ScenarioOutcome] = []
        for step in plan {
            let own = outcomes.filter { $0.scenario.symbol == step.symbol && $0.scenario.period.name == "w\(step.number)-is" }
            let board = Leaderboard(own, rule: rule, parameterNames: names)
            var window = WalkForwardWindow(number: step.number, symbol: step.symbol, inSample: step.inRange, outOfSample: step.outRange, scenarios: own.count, eligible: board.rows.filter { $0.rank != nil }.count)
            let folder = "\(directory)/windows/\(window.label)-\(step.symbol)"
            try Evidence.write(board.csv(), to: "\(folder)/leaderboard.csv")
            if let best = board.best(symbols: [step.symbol]).first {
                window.params = best.outcome.scenario.paramsJSON
                window.inSampleObjective = best.objective
                window.inSampleReturn = best.outcome.metrics?.totalReturn
                var scenario = best.outcome.scenario
                scenario.period = SweepSpec.Period(name: "w\(step.number)-oos", from: step.outRange.lowerBound, to: step.outRange.upperBound)
                var request = runner.request(for: scenario)
                request.outDirectory = "\(folder)/oos"
                let report = try Backtest.run(request, series: series[SweepRunner.seriesKey(symbol: step.symbol, period: scenario.period.name)], warn: { _ in })
                window.outOfSampleObjective = spec.objective.value(report.metrics)
                window.outOfSampleReturn = report.metrics.totalReturn
                window.outOfSampleTrades = report.metrics.trades
                outOfSample.append(ScenarioOutcome(scenario: scenario, metrics: report.metrics, bars: report.bars, orders: report.ordersSubmitted, rejected: report.ordersRejected, runID: report.runID, elapsedSeconds: report.elapsedSeconds, reused: false))
                // Chain the windows: each starts from the equity the previous one ended with.
                let start = equityBySymbol[step.symbol] ?? spec.cash
                let scale = start / spec.cash
                let text = (try? String(contentsOfFile: "\(folder)/oos/equity.csv", encoding: .utf8)) ?? ""
                var last = start
                for line in text.split(separator: "\n").dropFirst() {
                    let fields = line.split(separator: ",")
                    guard fields.count >= 2, let equity = Double(fields[1]) else { continue }
                    last = equity * scale
                    stitched.append("\(fields[0]),\(step.symbol),\(window.number),\(JSON.number(last))")
                }
                equityBySymbol[step.symbol] = last
            }
            windows.append(window)
        }
        try Evidence.write(stitched.joined(separator: "\n") + "\n", to: "\(directory)/oos_equity.csv")
        try Evidence.write(csv(windows), to: "\(directory)/walkforward.csv")
        return (windows, outcomes, Leaderboard(outOfSample, rule: rule, parameterNames: names))
    }

    static func csv(_ windows: [WalkForwardWindow]) -> String {
        var lines = ["window,symbol,is_from,is_to,oos_from,oos_to,params,is_objective,oos_objective,degradation,is_return,oos_return,oos_trades,is_scenarios,is_eligible"]
        for window in windows {
            let number: (Double?) -> String = { $0.map(JSON.number) ?? "" }
            lines.append([
                String(window.number), window.symbol, ISOTime.string(window.inSample.lowerBound), ISOTime.string(window.inSample.upperBound),
                ISOTime.string(window.outOfSample.lowerBound), ISOTime.string(window.outOfSample.upperBound), Leaderboard.field(window.params ?? ""),
                number(window.inSampleObjective), number(window.outOfSampleObjective), number(window.degradation), number(window.inSampleReturn),
                number(window.outOfSampleReturn), window.outOfSampleTrades.map(String.init) ?? "", String(window.scenarios), String(window.eligible),
            ].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
