import Foundation
import Engine
import Guardrails
import SparkCore
import Strategies
import Desk

/// An append-only JSON-lines record of a paper session: its header, every input event, every
/// decision, and an end record. `spark replay` turns it back into the same run.
///
/// Lines are flushed after every event, so a crashed session leaves a readable prefix. A journal is
/// never overwritten: a path that exists is refused, whatever is in it.
final class JournalWriter {
    private let writer: LineWriter

    /// Creates the journal at `path`; `sink` replaces the file (tests: a disk that fills up).
    init(path: String, header: JournalHeader, sink: (any LineSink)? = nil) throws(ConfigError) {
        if let sink {
            writer = LineWriter(path: path, sink: sink)
        } else {
            if FileManager.default.fileExists(atPath: path) {
                throw ConfigError(
                    .journal, "the journal already exists (an earlier or crashed session); a journal is never overwritten", file: path,
                    hint: "start with a new --journal path (the default, out/paper/<strategy>-<start time>.jsonl, is new for every start); `spark replay \(path)` replays what it holds"
                )
            }
            writer = try LineWriter(path: path, exclusive: true)
        }
        writer.write(Self.encode(header))
        writer.sync()
        try writer.check()
    }

    var path: String { writer.path }

    /// The first write error (a full disk); the session ends when it sees one.
    var failure: ConfigError? { writer.failure }

    /// Records a bar before it is applied; `receivedAt` (epoch ms, live feeds) is for people and
    /// latency figures: a replay never reads it, so it cannot change a decision.
    func bar(_ bar: Bar, eventsBefore: Int, receivedAt: Int64? = nil) {
        var fields = [
            ("type", JSON.string("bar")), ("after_event", String(eventsBefore)), ("time", String(bar.time)),
            ("open", JSON.number(bar.open)), ("high", JSON.number(bar.high)), ("low", JSON.number(bar.low)),
            ("close", JSON.number(bar.close)), ("volume", JSON.number(bar.volume)),
        ]
        if let receivedAt { fields.append(("received_at", String(receivedAt))) }
        writer.write(JSON.object(fields))
    }

    /// Records an operator action (kill switch, breaker reset) before the bar it preceded.
    func control(_ event: ControlEvent, beforeBar bar: Int) {
        var fields = [("type", JSON.string("control")), ("before_bar", String(bar))]
        switch event {
        case .kill(let on, let reason):
            fields += [("kind", JSON.string(on ? "kill_on" : "kill_off")), ("reason", JSON.string(reason))]
        case .resetBreaker(let id, let by, let reason):
            fields += [("kind", JSON.string("reset")), ("breaker", JSON.string(id)), ("by", JSON.string(by)), ("reason", JSON.string(reason))]
        case .flatten(let by, let reason):
            fields += [("kind", JSON.string("flatten")), ("by", JSON.string(by)), ("reason", JSON.string(reason))]
        }
        writer.write(JSON.object(fields))
        writer.flush()
    }

    /// Records a policy that took over before the bar it preceded, whole, so a replay can swap to it.
    func policy(_ file: PolicyFile, beforeBar bar: Int) {
        writer.write(JSON.object([
            ("type", JSON.string("policy")), ("before_bar", String(bar)), ("path", JSON.string(file.path)), ("text", JSON.string(file.text)),
            ("lua", JSON.object(file.policy.luaSources.keys.sorted().map { ($0, JSON.string(file.policy.luaSources[$0]!)) })),
            ("sha256", JSON.string(file.sha256)),
        ]))
        writer.flush()
    }

    /// Records a failure that depends on the machine (a budget overrun) where it happened.
    func overrun(_ failure: StrategyFailure, event: Int) {
        writer.write(JSON.object([
            ("type", JSON.string("overrun")), ("event", String(event)), ("code", JSON.string(failure.code.rawValue)),
            ("message", JSON.string(failure.message)), ("location", failure.location.map(JSON.string) ?? "null"),
        ]))
    }

    /// Records a Lua rule's wall-clock overrun at the check where it happened, for the replay.
    func ruleOverrun(_ overrun: RuleOverrun) {
        writer.write(JSON.object([
            ("type", JSON.string("rule_overrun")), ("rule", JSON.string(overrun.rule)), ("time", String(overrun.time)),
            ("check", String(overrun.check)), ("message", JSON.string(overrun.message)),
        ]))
    }

    func decision(_ record: DecisionRecord) { writer.write(record.json) }

    func flush() { writer.flush() }

    /// Writes the end record and closes; throws the first write error of the session, if any.
    func end(engine: Engine, reason: String) throws(ConfigError) {
        writer.write(JSON.object([
            ("type", JSON.string("end")), ("reason", JSON.string(reason)), ("events", String(engine.eventCount)),
            ("bars", String(engine.barCount)), ("portfolio", PortfolioSnapshot.json(engine)),
        ]))
        try writer.close()
    }

    static func encode(_ header: JournalHeader) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let fillJSON = (try? encoder.encode(header.fillModel)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        // Values as text, re-typed by the strategy's schema on replay, so no JSON number quirk can change them.
        let params = header.params.keys.sorted().map { ($0, JSON.string(header.params[$0]!.description)) }
        return JSON.object([
            ("type", JSON.string("header")), ("version", String(header.version)), ("session", JSON.string(header.sessionID)),
            ("strategy_path", JSON.string(header.strategyPath)), ("strategy_sha256", JSON.string(header.strategySHA256)),
            ("strategy_source", JSON.string(header.strategySource)), ("params", JSON.object(params)),
            ("params_sha256", JSON.string(header.paramsSHA256)), ("approval", header.approval.map(JSON.string) ?? "null"),
            ("symbol", JSON.string(header.symbol)), ("instrument", InstrumentRecord.json(header.instrument)), ("interval", JSON.string(header.interval)), ("cash", JSON.number(header.cash)),
            // Every setting, as FillModel encodes itself: a replay fills exactly as the session did.
            ("fill_model", fillJSON),
            ("seed", String(header.seed)), ("time_budget_ms", String(header.timeBudgetMs)),
            ("instruction_budget", header.instructionBudget.map { String($0) } ?? "null"),
            ("memory_limit", String(header.memoryLimit)), ("started_at", JSON.string(header.startedAt)),
            ("feed_kind", JSON.string(header.feedKind)), ("feed_live", header.feedIsLive ? "true" : "false"),
            ("speed", header.speed.map(JSON.number) ?? "null"),
            ("policy_path", header.policyPath.map(JSON.string) ?? "null"), ("policy_text", header.policyText.map(JSON.string) ?? "null"),
            ("policy_lua", JSON.object(header.policyLuaSources.keys.sorted().map { ($0, JSON.string(header.policyLuaSources[$0]!)) })),
            ("policy_sha256", header.policySHA256.map(JSON.string) ?? "null"), ("guard_state", header.guardState.map(JSON.string) ?? "null"),
        ])
    }
}

/// The final portfolio as canonical JSON: what paper and its replay must agree on.
enum PortfolioSnapshot {
    static func json(_ engine: Engine) -> String {
        var positions: [(String, String)] = []
        for index in engine.portfolio.positions.indices {
            let instrument = engine.instruments[index]
            positions.append((engine.symbols.name(of: SymbolID(Int32(index))), JSON.string(instrument.format(Quantity(units: engine.portfolio.positions[index])))))
        }
        return JSON.object([
            ("cash", JSON.string(engine.portfolio.cash.description)), ("fees", JSON.string(engine.portfolio.fees.description)),
            ("realized", JSON.string(engine.portfolio.realized.description)), ("positions", JSON.object(positions)),
        ])
    }
}
