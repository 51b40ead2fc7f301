import Foundation
import Engine
import Guardrails
import LuaRuntime
import SparkCore
import Strategies

/// Feeds a paper journal back through the backtest path and checks it reproduces the session.
public enum Replay {
    /// What a replay found.
    public struct Outcome: Sendable {
        public var sessionID: String
        public var bars: Int
        public var decisions: Int
        /// Nil when every decision matched, else the first that did not: (index, journal line, replay line).
        public var firstMismatch: (index: Int, journal: String?, replay: String?)?
        /// Whether the final portfolio matches the journal's end record (true when the journal has none).
        public var portfolioMatches: Bool
        public var finished: Bool
        public var strategyChanged: Bool
        /// What the session ran: the strategy's name, its source hash and the params' canonical hash.
        public var strategyName: String
        public var strategySHA256: String
        public var paramsSHA256: String
        /// Bar times of the first and last bar (ms), nil when the journal has no bars.
        public var firstTime: Int64?
        public var lastTime: Int64?
        public var fills: Int
        /// The session's worst peak-to-trough drawdown, as a fraction.
        public var maxDrawdown: Double

        public var matches: Bool { firstMismatch == nil && portfolioMatches }
    }

    /// Replays the journal at `path`. The strategy source comes from the journal itself.
    public static func run(journalPath path: String, strategyPath: String? = nil, log: @escaping (String) -> Void) throws -> Outcome {
        let journal = try JournalContents.read(path: path, warn: log)
        let header = journal.header
        var strategyChanged = false
        if let current = try? String(contentsOfFile: strategyPath ?? header.strategyPath, encoding: .utf8),
           RunSetup.sha256Hex(current) != header.strategySHA256 {
            strategyChanged = true
            log("note: \(header.strategyPath) changed since the session; replaying the source recorded in the journal")
        }
        var limits = LuaLimits()
        limits.timeBudget = .milliseconds(header.timeBudgetMs)
        limits.instructionBudget = header.instructionBudget
        limits.memoryLimit = header.memoryLimit
        let setup = try RunSetup.prepare(
            mode: .replay, strategyPath: header.strategyPath, source: header.strategySource, paramsPath: nil, overrides: header.params,
            symbol: header.symbol, instrumentsPath: nil, instrument: header.instrument, limits: limits, seed: header.seed
        )
        guard let cash = Money(header.cash) else {
            throw ConfigError(.journal, "header cash \(header.cash) is not a valid amount", file: path, line: 1)
        }
        let engine = Engine(configuration: EngineConfiguration(initialCash: cash), symbols: setup.symbols, instruments: [setup.instrument])
        // A replay checks decisions rather than narrating them: only warnings and errors are shown.
        engine.log = { level, message in if level >= .warning { log("[\(level.rawValue)] \(message)") } }
        engine.logLimits = .session
        var guardrails: Guardrails?
        if let policyText = header.policyText {
            let guardSetup = try GuardSetup.prepare(
                path: header.policyPath ?? "policy", text: policyText, luaSources: header.policyLuaSources,
                strategy: setup.strategy.schema.name, symbols: setup.symbols, mode: "paper", ruleBudget: .journaled(journal.ruleOverruns)
            )
            if let recorded = header.policySHA256, recorded != guardSetup.file.sha256 {
                throw ConfigError(.journal, "the policy in the journal hashes to \(guardSetup.file.sha256.prefix(12))…, not the recorded \(recorded.prefix(12))…", file: path, line: 1, hint: "the journal header was edited")
            }
            if let state = header.guardState {
                guard let snapshot = GuardJSON.decode(state) else {
                    throw ConfigError(.journal, "the journal's guard_state is not a breaker snapshot", file: path, line: 1)
                }
                guardSetup.guardrails.restore(snapshot)
            }
            guardSetup.guardrails.log = log
            engine.preTradeGuard = guardSetup.guardrails
            guardrails = guardSetup.guardrails
        }
        let loop = SessionLoop(engine: engine, venue: SimulatedVenue(model: header.fillModel, instruments: engine.instruments, cash: engine.configuration.initialCash))
        // Overruns depend on the machine, so the journal, not this run's timing, says where they happen.
        let strategy = JournaledOverruns(setup.strategy, overruns: journal.overruns)

        for (offset, entry) in journal.bars.enumerated() {
            if offset == 0 {
                loop.start(strategy, at: entry.bar.time)
            }
            for action in journal.actions[offset] ?? [] {
                switch action {
                case .control(let control):
                    loop.control(control)
                case .policy(let policyPath, let text, let luaSources, let sha256):
                    let next = try GuardSetup.prepare(path: policyPath, text: text, luaSources: luaSources, strategy: setup.strategy.schema.name, symbols: setup.symbols, mode: "paper", ruleBudget: .journaled(journal.ruleOverruns))
                    guard next.file.sha256 == sha256 else {
                        throw ConfigError(.journal, "a policy record hashes to \(next.file.sha256.prefix(12))…, not the recorded \(sha256.prefix(12))…", file: path, hint: "the journal was edited")
                    }
                    if let guardrails { next.guardrails.restore(guardrails.snapshot()) }
                    next.guardrails.log = log
                    engine.preTradeGuard = next.guardrails
                    guardrails = next.guardrails
                }
            }
            loop.step(entry.bar)
        }
        if journal.endPortfolio != nil { loop.finish() }

        let replayed = engine.decisions.map { DecisionRecord.json($0, engine: engine) }
        var mismatch: (Int, String?, String?)?
        for index in 0..<max(replayed.count, journal.decisions.count) {
            let expected = index < journal.decisions.count ? journal.decisions[index] : nil
            let actual = index < replayed.count ? replayed[index] : nil
            // A journal without an end record stopped mid-session (a crash, a torn last line): what
            // the replay decides after its last recorded decision was never written, not contradicted.
            if expected == nil, journal.endPortfolio == nil {
                log("\(path): the journal ends after decision \(journal.decisions.count); the replay's \(replayed.count - index) later decision(s) were never journaled and are not compared")
                break
            }
            if expected != actual {
                mismatch = (index, expected, actual)
                break
            }
        }
        var portfolioMatches = true
        if let expected = journal.endPortfolio {
            let actual = PortfolioSnapshot.json(engine)
            portfolioMatches = normalized(actual) == expected
        }
        return Outcome(
            sessionID: header.sessionID, bars: engine.barCount, decisions: replayed.count, firstMismatch: mismatch,
            portfolioMatches: portfolioMatches, finished: journal.endPortfolio != nil, strategyChanged: strategyChanged,
            strategyName: setup.strategy.schema.name, strategySHA256: setup.strategySHA256, paramsSHA256: setup.paramsSHA256,
            firstTime: journal.bars.first?.bar.time, lastTime: journal.bars.last?.bar.time,
            fills: engine.decisions.filter { if case .filled = $0 { true } else { false } }.count, maxDrawdown: engine.equity.maxDrawdown
        )
    }

    /// Re-encodes with sorted keys, the form the reader gives the journal's end record.
    private static func normalized(_ json: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)),
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return json }
        return String(data: data, encoding: .utf8) ?? json
    }
}

/// Wraps a strategy so that the callbacks a journal says overran fail the same way again.
final class JournaledOverruns: StrategyRuntime {
    private let inner: any StrategyRuntime
    private let overruns: [Int: StrategyFailure]
    private weak var engine: Engine?

    init(_ inner: any StrategyRuntime, overruns: [Int: StrategyFailure]) {
        self.inner = inner
        self.overruns = overruns
    }

    private func check() throws(StrategyFailure) {
        if let engine, let failure = overruns[engine.eventCount] { throw failure }
    }

    func start(engine: Engine) throws(StrategyFailure) {
        self.engine = engine
        try check()
        try inner.start(engine: engine)
    }

    func bar(_ bar: Bar) throws(StrategyFailure) {
        try check()
        try inner.bar(bar)
    }

    func fill(_ fill: Fill, order: Order) throws(StrategyFailure) {
        try check()
        try inner.fill(fill, order: order)
    }

    func orderEnded(_ order: Order) throws(StrategyFailure) {
        try check()
        try inner.orderEnded(order)
    }

    func stop() throws(StrategyFailure) {
        try check()
        try inner.stop()
    }
}
