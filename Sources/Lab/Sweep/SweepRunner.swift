import Foundation
public import Drivers
import Engine
import Strategies
public import Store
import Synchronization

/// Runs a plan's scenarios on every core, each worker with its own Lua state, saving each result as it ends.
///
/// Scenarios already in the store (same key) are not run again. A result is saved in its own
/// transaction the moment its scenario ends, so killing a sweep loses only the scenarios in flight.
public struct SweepRunner: Sendable {
    /// The inputs every scenario shares.
    public var plan: SweepPlan
    public var spec: SweepSpec { plan.spec }
    public var strategySource: String
    /// Loaded bars per symbol and period name.
    public var series: [String: BarSeries]
    public var workers: Int
    /// Monotonic seconds, for elapsed time and rate.
    public var now: @Sendable () -> Double
    /// Wall time in ms since the epoch, recorded with each saved result.
    public var wallClock: @Sendable () -> Int64

    public init(plan: SweepPlan, strategySource: String, series: [String: BarSeries], workers: Int, now: @escaping @Sendable () -> Double, wallClock: @escaping @Sendable () -> Int64) {
        self.plan = plan
        self.strategySource = strategySource
        self.series = series
        self.workers = max(1, workers)
        self.now = now
        self.wallClock = wallClock
    }

    /// The key of the series a scenario runs on.
    static func seriesKey(symbol: String, period: String) -> String { "\(symbol)|\(period)" }

    /// Runs `scenarios` (keys set) and returns their outcomes in plan order.
    ///
    /// - Parameters:
    ///   - store: where results are kept and looked up; nil runs everything in memory (evidence checks).
    ///   - stop: asked before each scenario starts; true ends the sweep early, keeping what finished.
    ///   - progress: called after each scenario, one call at a time.
    public func run(
        _ scenarios: [Scenario], store: AppDatabase?, stop: @escaping @Sendable () -> Bool = { false },
        progress: @escaping @Sendable (SweepProgress) -> Void = { _ in }
    ) throws -> [ScenarioOutcome] {
        let started = now()
        var outcomes = [ScenarioOutcome?](repeating: nil, count: scenarios.count)
        var pending: [Int] = []
        if let store {
            let stored = try store.scenarios(keys: scenarios.map(\.key))
            for (position, scenario) in scenarios.enumerated() {
                if let row = stored[scenario.key] {
                    outcomes[position] = Self.outcome(row, scenario: scenario)
                } else {
                    pending.append(position)
                }
            }
        } else {
            pending = Array(scenarios.indices)
        }
        let reused = scenarios.count - pending.count
        let queue = pending

        struct Shared {
            var next = 0
            var outcomes: [ScenarioOutcome?]
            var progress: SweepProgress
            var saveError: (any Error)?
        }
        let board = Leaderboard.Rule(objective: spec.objective, constraints: spec.constraints)
        var initial = SweepProgress(done: reused, total: scenarios.count, reused: reused, failed: 0, elapsed: 0, ran: 0, best: nil)
        for outcome in outcomes.compactMap({ $0 }) {
            if outcome.failed { initial.failed += 1 }
            initial.best = Self.better(initial.best, outcome, rule: board)
        }
        let shared = Mutex(Shared(outcomes: outcomes, progress: initial))
        let now = self.now, wallClock = self.wallClock, strategyName = plan.schema.name
        let workerCount = min(workers, max(1, pending.count))

        DispatchQueue.concurrentPerform(iterations: workerCount) { _ in
            while true {
                let claimed: Int? = shared.withLock { state in
                    guard state.saveError == nil, state.next < queue.count, !stop() else { return nil }
                    defer { state.next += 1 }
                    return queue[state.next]
                }
                guard let position = claimed else { return }
                let outcome = execute(scenarios[position])
                shared.withLock { state in
                    if let store, state.saveError == nil {
                        do {
                            try store.saveScenario(Self.stored(outcome, strategy: strategyName, finishedAt: wallClock()))
                        } catch {
                            state.saveError = error
                            return
                        }
                    }
                    state.outcomes[position] = outcome
                    state.progress.done += 1
                    state.progress.ran += 1
                    if outcome.failed { state.progress.failed += 1 }
                    state.progress.best = Self.better(state.progress.best, outcome, rule: board)
                    state.progress.elapsed = now() - started
                    progress(state.progress)
                }
            }
        }
        return try shared.withLock { state in
            if let error = state.saveError { throw error }
            return state.outcomes.compactMap { $0 }
        }
    }

    /// One backtest over the preloaded series; a failing strategy is an outcome, not an error.
    func execute(_ scenario: Scenario) -> ScenarioOutcome {
        let request = request(for: scenario)
        var outcome = ScenarioOutcome(scenario: scenario, bars: 0, orders: 0, rejected: 0, elapsedSeconds: 0, reused: false)
        do {
            let bars = series[Self.seriesKey(symbol: scenario.symbol, period: scenario.period.name)]
            let report = try Backtest.run(request, series: bars, warn: { _ in })
            outcome.metrics = report.metrics
            outcome.bars = report.bars
            outcome.orders = report.ordersSubmitted
            outcome.rejected = report.ordersRejected
            outcome.runID = report.runID
            outcome.elapsedSeconds = report.elapsedSeconds
        } catch {
            outcome.error = "\(error)"
        }
        return outcome
    }

    /// The backtest a scenario is.
    func request(for scenario: Scenario) -> BacktestRequest {
        var request = BacktestRequest(strategyPath: spec.strategyPath, data: spec.data, symbol: scenario.symbol)
        request.strategySource = strategySource
        request.interval = spec.interval
        (request.from, request.to) = (scenario.period.from, scenario.period.to)
        request.overrides = scenario.params
        request.cash = spec.cash
        request.fillModel = scenario.costs.fillModel
        request.seed = spec.seed
        request.instrumentsPath = spec.instrumentsPath
        request.policyPath = spec.policyPath
        return request
    }

    static func better(_ best: (value: Double, params: String)?, _ outcome: ScenarioOutcome, rule: Leaderboard.Rule) -> (value: Double, params: String)? {
        guard rule.exclusion(outcome) == nil, let metrics = outcome.metrics, let value = rule.objective.value(metrics) else { return best }
        if let best, best.value >= value { return best }
        return (value, outcome.scenario.paramsJSON)
    }

    static func stored(_ outcome: ScenarioOutcome, strategy: String, finishedAt: Int64) -> StoredScenario {
        let scenario = outcome.scenario
        let metricsJSON = outcome.metrics.flatMap { metrics in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return (try? encoder.encode(metrics)).flatMap { String(data: $0, encoding: .utf8) }
        }
        return StoredScenario(
            key: scenario.key, strategy: strategy, symbol: scenario.symbol, period: scenario.period.name,
            costs: scenario.costsIdentity, params: scenario.paramsJSON, status: outcome.failed ? "failed" : "ok", error: outcome.error,
            metricsJSON: metricsJSON, bars: outcome.bars, orders: outcome.orders, rejected: outcome.rejected, runID: outcome.runID,
            elapsedSeconds: outcome.elapsedSeconds, finishedAt: finishedAt
        )
    }

    static func outcome(_ row: StoredScenario, scenario: Scenario) -> ScenarioOutcome {
        let metrics = row.metricsJSON.flatMap { try? JSONDecoder().decode(PerformanceMetrics.self, from: Data($0.utf8)) }
        return ScenarioOutcome(
            scenario: scenario, metrics: metrics, error: row.error ?? (metrics == nil && row.status == "ok" ? "stored metrics unreadable" : nil),
            bars: row.bars, orders: row.orders, rejected: row.rejected, runID: row.runID, elapsedSeconds: row.elapsedSeconds, reused: true
        )
    }
}
