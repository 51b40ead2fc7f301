import Foundation
import Engine
import LuaRuntime
import MarketData
import SparkCore
import Store
import Strategies

/// The backtest driver: bars from a CSV file or the SQLite store, simulated time, the simulated venue.
public enum Backtest {
    /// Runs `request` to the end of its data and returns the report.
    ///
    /// - Throws: ``ConfigError`` for bad files or flags, ``StrategyFailure`` when the strategy errors or
    ///   overruns a budget: a backtest never reports a result from a run whose strategy failed.
    ///
    /// - Parameter series: bars already in memory (sweeps); nil streams them from `request.data`.
    public static func run(_ request: BacktestRequest, series: BarSeries? = nil, warn: @escaping (String) -> Void) throws -> BacktestReport {
        let setup = try RunSetup.prepare(
            mode: .backtest, strategyPath: request.strategyPath, source: request.strategySource, paramsPath: request.paramsPath, overrides: request.overrides,
            symbol: request.symbol, instrumentsPath: request.instrumentsPath, limits: request.limits, seed: request.seed
        )
        setup.warnings.forEach(warn)
        guard let cash = Money(request.cash), request.cash > 0 else {
            throw ConfigError(.flag, "--cash \(request.cash) must be a positive amount below 90 billion")
        }
        let engine = Engine(configuration: EngineConfiguration(initialCash: cash), symbols: setup.symbols, instruments: [setup.instrument])
        let guardSetup = try request.policyPath.map { path in
            try GuardSetup.prepare(path: path, strategy: setup.strategy.schema.name, symbols: setup.symbols, mode: "backtest")
        }
        if let guardSetup {
            guardSetup.guardrails.log = warn
            engine.preTradeGuard = guardSetup.guardrails
        }
        let loop = SessionLoop(engine: engine, venue: SimulatedVenue(model: request.fillModel, instruments: engine.instruments, cash: cash))
        let output = try request.outDirectory.map { directory throws(ConfigError) in try ReportFiles(directory: directory) }
        engine.log = { level, message in
            let line = "[\(level.rawValue)] \(message)"
            output?.log(line)
            // Guardrail verdicts and breaker transitions are in the report and decisions.jsonl.
            if level >= .warning { warn(line) }
        }
        // The strategy's own lines (ctx:log, print), capped by the engine: stderr and run.log.
        engine.strategyOutput = { line in
            output?.log(line)
            if request.echoStrategyLog { warn(line) }
        }

        var firstTime: Int64?
        var lastTime: Int64?
        var grid = BarGrid()
        var offTickAt: Int64?
        let clock = ContinuousClock()
        let started = clock.now
        func step(_ bar: Bar) throws {
            grid.add(bar)
            // Past the first price off the instrument's tick the run will be refused: the strategy
            // no longer runs, the remaining bars only complete the grid the refusal names.
            guard grid.priceDecimals <= setup.instrument.priceDecimals else {
                if offTickAt == nil { offTickAt = bar.time }
                return
            }
            if firstTime == nil {
                firstTime = bar.time
                loop.start(setup.strategy, at: bar.time)
            }
            loop.step(bar)
            if let failure = engine.failure { throw failure }
            if engine.decisionCount > request.maxDecisions { throw Self.tooManyDecisions(request.maxDecisions) }
            lastTime = bar.time
            // The equity record's own values, so equity.csv recomputes the metrics exactly.
            output?.equity(time: bar.time, equity: engine.equity.lastEquity, position: engine.position(bar.symbol), exposed: engine.equity.lastExposed)
        }
        let dataWarnings: [String]
        let dataSHA256: String
        if let series {
            for bar in series.bars { try step(bar) }
            (dataWarnings, dataSHA256) = (series.warnings, series.sha256)
        } else {
            // The run id names the bars by content, so every run hashes them as they stream past.
            var digest = BarDigest()
            dataWarnings = try BarFeed.stream(request.data, symbol: request.symbol, interval: request.interval, resampleFrom: request.resampleFrom, id: SymbolID(0), from: request.from, to: request.to, strict: request.strictData, skipBadRows: request.skipBadRows) { bar in
                digest.add(bar)
                try step(bar)
            }
            dataSHA256 = digest.finish()
        }
        try DataCheck.checkTick(grid, firstOffTick: offTickAt, request: request, instrument: setup.instrument, declared: !setup.instrumentIsFallback)
        guard firstTime != nil else {
            throw ConfigError(.data, "no bars for \(request.symbol) \(request.interval) in the requested range", file: request.data.path, hint: "check --symbol, --interval, --from/--to (spark data ls lists what the store holds)")
        }
        let interval = try DataCheck.interval(grid, request: request)
        loop.finish()
        if let lastTime { output?.closeOut(time: lastTime, equity: engine.equity.lastEquity) }
        for line in Self.suppressionSummary(engine) {
            output?.log(line)
            warn(line)
        }
        if let failure = engine.failure { throw failure }
        let elapsed = clock.now - started
        dataWarnings.forEach(warn)

        let trades = engine.closedLots.map { lot in ClosedTrade(lot, engine: engine) }
        let last = engine.lastPrice[0], first = engine.firstPrice[0]
        let metrics = PerformanceMetrics.compute(
            tracker: engine.equity, trades: trades, initialEquity: request.cash, fees: engine.portfolio.fees.doubleValue,
            buyAndHold: first.isFinite && last.isFinite ? (first: first, last: last) : nil,
            periodsPerYear: setup.instrument.sessionCalendar ? 252 : 365
        )
        var report = BacktestReport(
            runID: runID(request, interval: interval, setup: setup, dataSHA256: dataSHA256, policySHA256: guardSetup?.file.sha256),
            strategyName: setup.strategy.schema.name, strategyPath: request.strategyPath, strategySHA256: setup.strategySHA256,
            params: RunSetup.canonical(setup.params), symbol: request.symbol, interval: interval,
            dataDescription: request.data.description, dataSHA256: dataSHA256, firstTime: firstTime, lastTime: lastTime, bars: engine.barCount,
            elapsedSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            metrics: metrics, ordersSubmitted: engine.ordersSubmitted, ordersRejected: engine.ordersRejected,
            fillModel: request.fillModel, initialCash: request.cash, warnings: dataWarnings + setup.warnings, trades: trades,
            policyName: guardSetup?.file.policy.name, policySHA256: guardSetup?.file.sha256,
            rejectionsByRule: engine.rejectionsByRule, breakerEvents: engine.transitions,
            orderVerdicts: OrderVerdict.collect(engine.decisions, engine: engine)
        )
        report.paramValues = setup.params
        let decisionLog = DecisionLog(
            runID: report.runID, mode: "backtest", strategy: report.strategyName, policyName: report.policyName,
            policyHash: report.policySHA256, paramsHash: setup.paramsSHA256
        )
        try output?.finish(report: report, engine: engine, decisions: decisionLog)
        if case .database(let path) = request.data {
            // Runs over the store keep their decision log beside the bars they ran on.
            let entries = engine.decisions.compactMap { decisionLog.entry($0, engine: engine) }
            try AppDatabase.open(path: path).saveDecisions(run: report.runID, entries)
        }
        return report
    }

    /// A backtest keeps every decision for its report: past the cap, the run fails rather than let a
    /// strategy grow the host's memory without bound.
    static func tooManyDecisions(_ cap: Int) -> StrategyFailure {
        StrategyFailure(
            code: .sandbox, message: "the run made more than \(cap) order decisions, the most a backtest keeps for its report",
            hint: "place fewer orders (each callback may submit \(EngineConfiguration(initialCash: .zero).maxOrdersPerCallback)), or raise --max-decisions"
        )
    }

    /// One line per kind of output the engine's caps held back: repeated warnings, log lines past
    /// the cap, order attempts far past the flood limit.
    static func suppressionSummary(_ engine: Engine) -> [String] {
        var lines = engine.repeatedWarnings.keys.sorted().compactMap { kind -> String? in
            let count = engine.repeatedWarnings[kind] ?? 0
            return count > 0 ? "[warning] \(kind): \(count) more like it, not printed" : nil
        }
        if engine.suppressedLogLines > 0 {
            lines.append("[warning] \(engine.suppressedLogLines) strategy log lines past the cap of \(engine.logLimits.burst) were dropped")
        }
        if engine.suppressedAttempts > 0 {
            lines.append("[warning] \(engine.suppressedAttempts) order attempts far past the flood limit were refused without a record")
        }
        return lines
    }

    /// A short id that names exactly what decides a result: strategy bytes, params, the bars' content,
    /// the instrument, the range and every setting of the simulation.
    ///
    /// The data enters by ``BarDigest`` hash, not by path: new bytes at the same path get a new id, the
    /// same bars from another file (or the store) keep it. `interval` is the one the run is labelled
    /// with (inferred from the bars when not given). `policySHA256` is the hash of the policy the run
    /// loaded (nil: unguarded), so the id names the policy that was actually in force, read once.
    /// Settings that can only fail a run (Lua limits, `--max-decisions`, `--strict-data`) are left
    /// out: a run that completes under them has the same result as without.
    static func runID(_ request: BacktestRequest, interval: String, setup: RunSetup, dataSHA256: String, policySHA256: String?) -> String {
        let identity = [
            setup.strategySHA256, policySHA256 ?? "unguarded", RunSetup.canonical(setup.params), dataSHA256, request.symbol, interval,
            request.resampleFrom ?? "", "\(setup.instrument)", "\(request.from ?? 0)-\(request.to ?? 0)", "\(request.cash)", "\(request.fillModel)",
            "\(request.seed)",
        ].joined(separator: "|")
        return String(RunSetup.sha256Hex(identity).prefix(12))
    }
}

extension BacktestRequest.DataSource: CustomStringConvertible {
    public var description: String {
        switch self {
        case .csv(let path): "csv:\(path)"
        case .database(let path): "sqlite:\(path)"
        }
    }

    var path: String {
        switch self {
        case .csv(let path), .database(let path): path
        }
    }
}

extension ClosedTrade {
    init(_ lot: Portfolio.ClosedLot, engine: Engine) {
        let instrument = engine.instruments[Int(lot.symbol.rawValue)]
        self.init(
            symbol: engine.symbols.name(of: lot.symbol), side: lot.quantity > 0 ? .long : .short,
            quantity: instrument.double(Quantity(units: abs(lot.quantity))), entryTime: lot.entryTime, exitTime: lot.exitTime,
            entryPrice: instrument.double(lot.entryPrice), exitPrice: instrument.double(lot.exitPrice),
            fees: lot.fees.doubleValue, pnl: lot.pnl.doubleValue
        )
    }
}
