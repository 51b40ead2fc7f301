import Engine
import SparkCore

extension Backtest {
    /// Decisions stream to decisions.jsonl, fills.csv and the store, not memory; past the cap the run
    /// fails rather than let a strategy grow those (and its run time) without bound.
    static func tooManyDecisions(_ cap: Int) -> StrategyFailure {
        StrategyFailure(
            code: .sandbox, message: "the run made more than \(cap) order decisions, the most a backtest records (--max-decisions)",
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

    var isDatabase: Bool {
        if case .database = self { true } else { false }
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
