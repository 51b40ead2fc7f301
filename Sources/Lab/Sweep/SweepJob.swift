import Foundation
public import Drivers
import Engine
import SparkCore
public import Store
import Strategies
import Desk

/// `spark sweep SPEC`: plan, run on all cores with results saved as they finish, rank, re-run the
/// winners with full artifacts, draw, and seal the evidence directory.
public enum SweepJob {
    /// How to run a sweep; everything that is not the spec.
    public struct Options: Sendable {
        public var workers: Int
        /// The results store; nil keeps results in memory only (no resume).
        public var storePath: String?
        /// Evidence directories go under here, one per run, named by evidence id.
        public var evidenceRoot: String
        /// Wall time in ms (evidence id, created_at, saved results).
        public var wallClock: @Sendable () -> Int64
        /// Monotonic seconds (rates, ETA).
        public var now: @Sendable () -> Double
        public var nonce: UInt32
        public var progress: @Sendable (SweepProgress) -> Void
        /// Asked before each scenario; true stops the sweep after the ones in flight (they are saved).
        public var stop: @Sendable () -> Bool

        public init(workers: Int, storePath: String?, evidenceRoot: String, wallClock: @escaping @Sendable () -> Int64, now: @escaping @Sendable () -> Double, nonce: UInt32) {
            self.workers = workers
            self.storePath = storePath
            self.evidenceRoot = evidenceRoot
            self.wallClock = wallClock
            self.now = now
            self.nonce = nonce
            progress = { _ in }
            stop = { false }
        }
    }

    /// What a finished sweep produced.
    public struct Result: Sendable {
        public var plan: SweepPlan
        public var leaderboard: Leaderboard
        /// Best eligible row per symbol.
        public var best: [Leaderboard.Row]
        /// The sealed evidence directory; nil when the sweep was stopped before it finished.
        public var evidenceDirectory: String?
        public var record: EvidenceRecord?
        public var ran: Int
        public var reused: Int
        public var failed: Int
        public var elapsedSeconds: Double
        /// Seconds the scenarios spent in their backtest run loops, summed over workers.
        public var backtestSeconds: Double
        /// Wall seconds spent running scenarios (the parallel phase), loading and evidence excluded.
        public var runSeconds: Double = 0
        /// For walk-forward specs: one entry per window and symbol.
        public var windows: [WalkForwardWindow] = []
    }

    /// Everything the sweep and its re-run share, computed before any scenario runs.
    struct Prepared {
        var spec: SweepSpec
        var specText: String
        var strategySource: String
        var plan: SweepPlan
        var series: [String: BarSeries]
        var seriesRecords: [EvidenceRecord.Series]
        var scenarios: [Scenario]
        var policySHA256: String?
        var strategySHA256: String
        var instrumentsSHA256: String

        /// SHA-256 of everything that decides a scenario's result on `bars`.
        func key(_ scenario: Scenario, bars: BarSeries) -> String {
            RunSetup.sha256Hex([
                "spark-scenario-1", strategySHA256, policySHA256 ?? "unguarded", instrumentsSHA256, scenario.paramsJSON, scenario.symbol, spec.interval,
                bars.sha256, scenario.costsIdentity, JSON.number(spec.cash), String(spec.seed),
            ].joined(separator: "\n"))
        }
    }

    static func prepare(specPath: String, specText: String, strategySource: String?) throws -> Prepared {
        let spec = try SweepSpec.load(path: specPath, text: specText, strategySource: strategySource)
        let source: String
        if let strategySource {
            source = strategySource
        } else {
            guard let text = try? String(contentsOfFile: spec.strategyPath, encoding: .utf8) else {
                throw ConfigError(.unreadable, "cannot read the strategy file", file: spec.strategyPath)
            }
            source = text
        }
        let schema = spec.schema
        let plan = try SweepPlan(spec: spec)
        var policySHA256: String?
        if let policy = spec.policyPath {
            // Refuse a policy that does not cover every symbol before anything runs.
            let file = try PolicyFile.load(path: policy)
            try GuardSetup.checkScope(file, strategy: schema.name, symbols: SymbolTable(spec.symbols), mode: .backtest)
            policySHA256 = file.sha256
        }
        let instrumentsSHA = spec.instrumentsPath.map { RunSetup.sha256Hex(FileManager.default.contents(atPath: $0) ?? Data()) } ?? "default"
        var series: [String: BarSeries] = [:]
        var records: [EvidenceRecord.Series] = []
        for symbol in spec.symbols {
            for period in spec.periods {
                var request = BacktestRequest(strategyPath: spec.strategyPath, data: spec.data, symbol: symbol)
                request.interval = spec.interval
                (request.from, request.to) = (period.from, period.to)
                let bars = try BarSeries.load(request)
                guard let range = bars.range else {
                    throw ConfigError(.data, "no \(spec.interval) bars for \(symbol) in period '\(period.name)'", file: spec.path, hint: "check the period's from/to and the data (spark data ls lists what the store holds)")
                }
                series[SweepRunner.seriesKey(symbol: symbol, period: period.name)] = bars
                records.append(EvidenceRecord.Series(
                    symbol: symbol, interval: spec.interval, period: period.name, source: spec.data.description,
                    first: ISOTime.string(range.first), last: ISOTime.string(range.last), bars: bars.bars.count, sha256: bars.sha256
                ))
            }
        }
        var prepared = Prepared(
            spec: spec, specText: specText, strategySource: source, plan: plan, series: series, seriesRecords: records,
            scenarios: plan.scenarios, policySHA256: policySHA256, strategySHA256: RunSetup.sha256Hex(source), instrumentsSHA256: instrumentsSHA
        )
        for index in prepared.scenarios.indices {
            let scenario = prepared.scenarios[index]
            prepared.scenarios[index].key = prepared.key(scenario, bars: series[SweepRunner.seriesKey(symbol: scenario.symbol, period: scenario.period.name)]!)
        }
        return prepared
    }

    /// Runs the sweep (or its walk-forward) described by the spec at `specPath`.
    public static func run(specPath: String, options: Options, warn: @escaping (String) -> Void) throws -> Result {
        guard let specText = try? String(contentsOfFile: specPath, encoding: .utf8) else {
            throw ConfigError(.unreadable, "cannot read the sweep spec", file: specPath, hint: "check the path; examples live under docs/lab.md and data/lab/")
        }
        let prepared = try prepare(specPath: specPath, specText: specText, strategySource: nil)
        if prepared.spec.walkForward != nil {
            return try WalkForwardJob.run(prepared, options: options, warn: warn)
        }
        let store = try options.storePath.map { path throws(StoreError) in try AppDatabase.open(path: path) }
        let started = options.now()
        let runner = SweepRunner(plan: prepared.plan, strategySource: prepared.strategySource, series: prepared.series, workers: options.workers, now: options.now, wallClock: options.wallClock)
        let outcomes = try runner.run(prepared.scenarios, store: store, stop: options.stop, progress: options.progress)
        let runSeconds = options.now() - started
        let leaderboard = Leaderboard(outcomes, rule: Leaderboard.Rule(objective: prepared.spec.objective, constraints: prepared.spec.constraints), parameterNames: prepared.plan.schema.parameters.map(\.name))
        var result = Result(
            plan: prepared.plan, leaderboard: leaderboard, best: leaderboard.best(symbols: prepared.spec.symbols), evidenceDirectory: nil, record: nil,
            ran: outcomes.filter { !$0.reused }.count, reused: outcomes.filter(\.reused).count, failed: outcomes.filter(\.failed).count,
            elapsedSeconds: 0, backtestSeconds: outcomes.filter { !$0.reused }.reduce(0) { $0 + $1.elapsedSeconds }, runSeconds: runSeconds
        )
        guard outcomes.count == prepared.scenarios.count else {
            result.elapsedSeconds = options.now() - started
            return result
        }
        let time = options.wallClock()
        let evidenceID = EvidenceRecord.makeID(time: time, random: options.nonce)
        let directory = "\(options.evidenceRoot)/\(evidenceID)"
        result.record = try Evidence.stage(directory) { staging in
            let winners = try produce(prepared, leaderboard: leaderboard, into: staging)
            let inputs = try inputRecords(prepared, into: staging)
            let record = EvidenceRecord(
                kind: "sweep", evidenceID: evidenceID, createdAt: ISOTime.string(time), inputs: inputs, series: prepared.seriesRecords,
                reproducible: reproducible(prepared, leaderboard: leaderboard), recipe: EvidenceRecord.Recipe(backtest: nil, spec: "inputs/spec.yaml")
            )
            result.elapsedSeconds = options.now() - started
            try Evidence.write(Timing.json([
                ("elapsed_s", result.elapsedSeconds), ("scenarios", Double(outcomes.count)), ("ran", Double(result.ran)), ("reused", Double(result.reused)),
                ("workers", Double(options.workers)), ("backtest_s", result.backtestSeconds),
            ]), to: "\(staging)/timing.json")
            try LabReport.sweep(prepared, leaderboard: leaderboard, winners: winners, directory: staging, evidenceID: evidenceID, ran: result.ran, reused: result.reused)
            try Evidence.seal(staging, record: record, title: "Sweep \(prepared.spec.name)", finalPath: directory)
            return record
        }
        result.evidenceDirectory = directory
        return result
    }

    static func inputRecords(_ prepared: Prepared, into staging: String) throws -> [EvidenceRecord.Input] {
        let spec = prepared.spec
        var inputs = [
            try Evidence.input(role: "spec", path: spec.path, text: prepared.specText, copyAs: "spec.yaml", into: staging),
            try Evidence.input(role: "strategy", path: spec.strategyPath, text: prepared.strategySource, copyAs: "strategy.lua", into: staging),
        ]
        if let params = spec.paramsPath { inputs.append(try Evidence.input(role: "params", path: params, copyAs: "params.yaml", into: staging)) }
        if let policy = spec.policyPath, let hash = prepared.policySHA256 {
            inputs.append(try Evidence.input(role: "policy", path: policy, copyAs: "policy.yaml", into: staging, sha256: hash))
        }
        if let instruments = spec.instrumentsPath { inputs.append(try Evidence.input(role: "instruments", path: instruments, copyAs: "instruments.yaml", into: staging)) }
        return inputs
    }

    static func reproducible(_ prepared: Prepared, leaderboard: Leaderboard) -> [String] {
        ["leaderboard.csv", "best.json"] + leaderboard.best(symbols: prepared.spec.symbols).flatMap { row in
            BacktestEvidence.reproducible.map { "winners/\(row.outcome.scenario.symbol)/\($0)" }
        }
    }

    /// Writes the reproducible artifacts: leaderboard.csv, best.json and each winner's backtest files.
    @discardableResult
    static func produce(_ prepared: Prepared, leaderboard: Leaderboard, into directory: String) throws -> [BacktestReport] {
        try Evidence.write(leaderboard.csv(), to: "\(directory)/leaderboard.csv")
        let best = leaderboard.best(symbols: prepared.spec.symbols)
        var reports: [BacktestReport] = []
        for row in best {
            let scenario = row.outcome.scenario
            let runner = SweepRunner(plan: prepared.plan, strategySource: prepared.strategySource, series: prepared.series, workers: 1, now: { 0 }, wallClock: { 0 })
            var request = runner.request(for: scenario)
            request.outDirectory = "\(directory)/winners/\(scenario.symbol)"
            let report = try Backtest.run(request, series: prepared.series[SweepRunner.seriesKey(symbol: scenario.symbol, period: scenario.period.name)], warn: { _ in })
            guard report.metrics == row.outcome.metrics else {
                throw ConfigError(.data, "re-running the winner for \(scenario.symbol) gave different metrics than the sweep (\(scenario.paramsJSON))", file: prepared.spec.strategyPath, hint: "the strategy is not deterministic (wall clock? unseeded randomness?), or the store holds results from another build; delete the scenario_result rows and re-run")
            }
            reports.append(report)
        }
        try Evidence.write(bestJSON(prepared, leaderboard: leaderboard, best: best), to: "\(directory)/best.json")
        return reports
    }

    static func bestJSON(_ prepared: Prepared, leaderboard: Leaderboard, best: [Leaderboard.Row]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let winners = best.map { row in
            let scenario = row.outcome.scenario
            let metrics = row.outcome.metrics.flatMap { try? encoder.encode($0) }.flatMap { String(data: $0, encoding: .utf8) } ?? "null"
            let folder = "winners/\(scenario.symbol)"
            return JSON.object([
                ("symbol", JSON.string(scenario.symbol)), ("period", JSON.string(scenario.period.name)), ("costs", JSON.string(scenario.costs.name)),
                ("params", scenario.paramsJSON), ("objective_value", row.objective.map(JSON.number) ?? "null"), ("metrics", metrics),
                ("scenario_key", JSON.string(scenario.key)), ("run_id", JSON.string(row.outcome.runID ?? "")),
                ("evidence", JSON.object([
                    ("report_html", JSON.string("\(folder)/report.html")), ("report_json", JSON.string("\(folder)/report.json")),
                    ("trades", JSON.string("\(folder)/trades.csv")), ("equity", JSON.string("\(folder)/equity.csv")),
                    ("decisions", JSON.string("\(folder)/decisions.jsonl")), ("leaderboard", JSON.string("leaderboard.csv")),
                ])),
            ])
        }
        let constraints = prepared.spec.constraints
        return JSON.object([
            ("sweep", JSON.string(prepared.spec.name)), ("strategy", JSON.string(prepared.plan.schema.name)),
            ("strategy_path", JSON.string(prepared.spec.strategyPath)), ("strategy_sha256", JSON.string(RunSetup.sha256Hex(prepared.strategySource))),
            ("objective", JSON.string(prepared.spec.objective.rawValue)),
            ("constraints", JSON.object([
                ("min_trades", constraints.minTrades.map(String.init) ?? "null"), ("max_drawdown", constraints.maxDrawdown.map(JSON.number) ?? "null"),
            ])),
            ("scenarios", JSON.object([
                ("total", String(leaderboard.rows.count)), ("eligible", String(leaderboard.rows.filter { $0.rank != nil }.count)),
                ("failed", String(leaderboard.rows.filter(\.outcome.failed).count)),
            ])),
            ("winners", "[" + winners.joined(separator: ",") + "]"),
        ]) + "\n"
    }

    /// Re-runs a recorded sweep in memory into `directory` (reproducible files only); returns the bars read.
    static func reproduce(specPath: String, specText: String, strategySource: String, workers: Int, into directory: String) throws -> [EvidenceRecord.Series] {
        let prepared = try prepare(specPath: specPath, specText: specText, strategySource: strategySource)
        if prepared.spec.walkForward != nil {
            try WalkForwardJob.produce(prepared, workers: workers, store: nil, into: directory)
            return prepared.seriesRecords
        }
        let runner = SweepRunner(plan: prepared.plan, strategySource: prepared.strategySource, series: prepared.series, workers: workers, now: { 0 }, wallClock: { 0 })
        let outcomes = try runner.run(prepared.scenarios, store: nil)
        let leaderboard = Leaderboard(outcomes, rule: Leaderboard.Rule(objective: prepared.spec.objective, constraints: prepared.spec.constraints), parameterNames: prepared.plan.schema.parameters.map(\.name))
        try produce(prepared, leaderboard: leaderboard, into: directory)
        return prepared.seriesRecords
    }
}
