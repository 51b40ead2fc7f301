import Foundation
import Engine
import Guardrails
import LuaRuntime
import SparkCore
import Strategies

/// Feeds a paper journal back through the backtest path and checks it reproduces the session.
public enum Replay {
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
            strategyPath: header.strategyPath, source: header.strategySource, paramsPath: nil, overrides: header.params,
            symbol: header.symbol, instrumentsPath: nil, instrument: header.instrument, limits: limits, seed: header.seed
        )
        var spec = SessionSpec(
            mode: .paper, setup: setup, cash: header.cash, fillModel: header.fillModel,
            policy: header.policyText.map { .recorded(path: header.policyPath ?? "policy", text: $0, luaSources: header.policyLuaSources, sha256: header.policySHA256, journal: path) },
            ruleBudget: .journaled(journal.ruleOverruns), logLimits: .session
        )
        // Overruns depend on the machine, so the journal, not this run's timing, says where they happen.
        spec.strategy = JournaledOverruns(setup.strategy, overruns: journal.overruns)
        let kernel = try SessionKernel(spec, guardLog: log)
        let engine = kernel.engine
        // A replay checks decisions rather than narrating them: only warnings and errors are shown.
        engine.log = { level, message in if level >= .warning { log("[\(level.rawValue)] \(message)") } }
        if let state = header.guardState {
            guard let snapshot = GuardJSON.decode(state) else {
                throw ConfigError(.journal, "the journal's guard_state is not a breaker snapshot", file: path, line: 1)
            }
            kernel.guardrails?.restore(snapshot)
        }
        if let first = journal.bars.first { kernel.start(at: first.bar.time) }
        var events = JournalEventSource(journal, path: path)
        while let event = try events.next() { try kernel.apply(event) }
        if journal.endPortfolio != nil { kernel.finish() }

        let replayed = engine.decisions.map(DecisionRecord.init)
        let mismatch = Self.firstMismatch(replayed, journal.decisions, finished: journal.endPortfolio != nil) { line in log("\(path): \(line)") }
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
            fills: replayed.filter { $0.kind == "fill" }.count, maxDrawdown: engine.equity.maxDrawdown
        )
    }

    /// The first decision where the replay and the journal differ, compared as values: (index, journal, replay).
    ///
    /// A journal without an end record stopped mid-session (a crash, a torn last line): what the
    /// replay decides after its last recorded decision was never written, not contradicted.
    static func firstMismatch(
        _ replayed: [DecisionRecord], _ journaled: [DecisionRecord], finished: Bool, note: (String) -> Void
    ) -> (Int, String?, String?)? {
        for index in 0..<max(replayed.count, journaled.count) {
            let expected = index < journaled.count ? journaled[index] : nil
            let actual = index < replayed.count ? replayed[index] : nil
            if expected == nil, !finished {
                note("the journal ends after decision \(journaled.count); the replay's \(replayed.count - index) later decision(s) were never journaled and are not compared")
                return nil
            }
            if expected != actual { return (index, expected?.json, actual?.json) }
        }
        return nil
    }

    /// Re-encodes with sorted keys, the form the reader gives the journal's end record.
    private static func normalized(_ json: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)),
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return json }
        return String(data: data, encoding: .utf8) ?? json
    }
}
