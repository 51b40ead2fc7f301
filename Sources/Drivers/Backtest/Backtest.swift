import Foundation
import Engine
import LuaRuntime
import MarketData
import SparkCore
import Store
import Strategies

/// The backtest driver: bars from a CSV file, the store or memory, simulated time, the simulated venue.
public enum Backtest {
    /// Runs `request` to the end of its data and returns the report.
    ///
    /// - Throws: ``ConfigError`` for bad files or flags, ``StrategyFailure`` when the strategy errors or
    ///   overruns a budget: a backtest never reports a result from a run whose strategy failed.
    ///
    /// - Parameter series: bars already in memory (sweeps); nil streams them from `request.data`.
    public static func run(_ request: BacktestRequest, series: BarSeries? = nil, warn: @escaping (String) -> Void) throws -> BacktestReport {
        let setup = try RunSetup.prepare(
            strategyPath: request.strategyPath, source: request.strategySource, paramsPath: request.paramsPath, overrides: request.overrides,
            symbol: request.symbol, instrumentsPath: request.instrumentsPath, limits: request.limits, seed: request.seed
        )
        setup.warnings.forEach(warn)
        let kernel = try SessionKernel(
            SessionSpec(mode: .backtest, setup: setup, cash: request.cash, fillModel: request.fillModel, policy: request.policyPath.map(PolicySource.file)),
            guardLog: warn
        )
        let engine = kernel.engine
        engine.keptTransitions = request.keptBreakerEvents
        let output = try request.outDirectory.map { directory throws(ConfigError) in try ReportFiles(directory: directory) }
        Self.route(engine, to: output, echo: request.echoStrategyLog, warn: warn)
        // Decisions and trades stream to the files (and the store) as the run goes; the run id that
        // names them is known at the end, so decisions wait in a spool on disk.
        let recorder = try BacktestRecorder(request, output: output, log: DecisionLog(
            runID: "", mode: .backtest, strategy: setup.strategy.schema.name, policyName: kernel.policy?.policy.name,
            policyHash: kernel.policy?.sha256, paramsHash: setup.paramsSHA256
        ))
        defer { recorder.discard() }

        var source: any BarSource = try series.map { ArrayBarSource(Array($0.bars), warnings: $0.warnings) } ?? BarSources.open(request)
        // The run id names the bars by content, so every run hashes them as they pass.
        var digest = BarDigest()
        var grid = BarGrid()
        var offTickAt: Int64?
        var range: (first: Int64, last: Int64)?
        let clock = ContinuousClock()
        let started = clock.now
        while case .bar(let bar) = try source.next() {
            if series == nil { digest.add(bar) }
            grid.add(bar)
            // Past the first price off the instrument's tick the run will be refused: the strategy
            // no longer runs, the remaining bars only complete the grid the refusal names.
            guard grid.priceDecimals <= setup.instrument.priceDecimals else {
                if offTickAt == nil { offTickAt = bar.time }
                continue
            }
            kernel.step(bar)
            recorder.drain(engine)
            if let failure = engine.failure { throw failure }
            if engine.decisionCount > request.maxDecisions { throw Self.tooManyDecisions(request.maxDecisions) }
            range = (range?.first ?? bar.time, bar.time)
            // The equity record's own values, so equity.csv recomputes the metrics exactly.
            output?.equity(time: bar.time, equity: engine.equity.lastEquity, position: engine.position(bar.symbol), exposed: engine.equity.lastExposed)
        }
        let (dataWarnings, dataSHA256) = (try source.finish(), series?.sha256 ?? digest.finish())
        try DataCheck.checkTick(grid, firstOffTick: offTickAt, request: request, instrument: setup.instrument, declared: !setup.instrumentIsFallback)
        guard let range else {
            throw ConfigError(.data, "no bars for \(request.symbol) \(request.interval) in the requested range", file: request.data.path, hint: "check --symbol, --interval, --from/--to (spark data ls lists what the store holds)")
        }
        let interval = try DataCheck.interval(grid, request: request)
        kernel.finish()
        recorder.drain(engine)
        output?.closeOut(time: range.last, equity: engine.equity.lastEquity)
        for line in Self.suppressionSummary(engine) {
            output?.log(line)
            warn(line)
        }
        if let failure = engine.failure { throw failure }
        let elapsed = clock.now - started
        dataWarnings.forEach(warn)

        var report = Self.report(
            request, kernel: kernel, recorder: recorder, range: range, interval: interval, dataSHA256: dataSHA256,
            elapsed: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, warnings: dataWarnings + setup.warnings
        )
        report.paramValues = setup.params
        try recorder.finish(report, data: request.data)
        report.fileSHA256 = recorder.fileSHA256
        return report
    }

    /// Where the engine's and the strategy's lines go: run.log, and stderr for warnings (and the
    /// strategy's own lines with `echo`). Guardrail verdicts and breaker transitions are in the
    /// report and decisions.jsonl; the strategy's lines are capped by the engine.
    private static func route(_ engine: Engine, to output: ReportFiles?, echo: Bool, warn: @escaping (String) -> Void) {
        engine.log = { level, message in
            let line = "[\(level.rawValue)] \(message)"
            output?.log(line)
            if level >= .warning { warn(line) }
        }
        engine.strategyOutput = { line in
            output?.log(line)
            if echo { warn(line) }
        }
    }

    /// The report of a finished run: metrics from the equity record and the closed trades' statistics.
    private static func report(
        _ request: BacktestRequest, kernel: SessionKernel, recorder: BacktestRecorder, range: (first: Int64, last: Int64), interval: String,
        dataSHA256: String, elapsed: Double, warnings: [String]
    ) -> BacktestReport {
        let engine = kernel.engine, setup = kernel.setup
        let last = engine.lastPrice[0], first = engine.firstPrice[0]
        let metrics = PerformanceMetrics.compute(
            tracker: engine.equity, tradeStatistics: recorder.statistics, initialEquity: request.cash, fees: engine.portfolio.fees.doubleValue,
            buyAndHold: first.isFinite && last.isFinite ? (first: first, last: last) : nil,
            periodsPerYear: setup.instrument.sessionCalendar ? 252 : 365
        )
        let policy = kernel.policy
        return BacktestReport(
            runID: runID(request, interval: interval, setup: setup, dataSHA256: dataSHA256, policySHA256: policy?.sha256),
            strategyName: setup.strategy.schema.name, strategyPath: request.strategyPath, strategySHA256: setup.strategySHA256,
            params: RunSetup.canonical(setup.params), symbol: request.symbol, interval: interval,
            dataDescription: request.data.description, dataSHA256: dataSHA256, firstTime: range.first, lastTime: range.last, bars: engine.barCount,
            elapsedSeconds: elapsed, metrics: metrics, ordersSubmitted: engine.ordersSubmitted, ordersRejected: engine.ordersRejected,
            fillModel: request.fillModel, initialCash: request.cash, warnings: warnings, trades: recorder.trades,
            policyName: policy?.policy.name, policySHA256: policy?.sha256,
            rejectionsByRule: engine.rejectionsByRule, breakerEvents: engine.transitions, breakerEventCount: engine.transitionCount, orderVerdicts: recorder.verdicts
        )
    }
}
