import Foundation
import Engine
import Guardrails
import SparkCore
import Strategies

/// A journal read back: header, the input events in order, recorded overruns and decisions.
struct JournalContents {
    var header: JournalHeader
    var bars: [(event: Int, bar: Bar)] = []
    var overruns: [Int: StrategyFailure] = [:]
    /// Wall-clock overruns of Lua rules, placed by event time and check number.
    var ruleOverruns: [RuleOverrun] = []
    /// Operator actions keyed by the number of bars fed before them.
    var actions: [Int: [JournalAction]] = [:]
    var decisions: [DecisionRecord] = []
    /// The end record's portfolio, nil when the session did not finish (crash or kill).
    var endPortfolio: String?

    /// Reads `path`, pointing at the line of anything malformed. A truncated last line (a crash
    /// mid-write) is dropped with a warning rather than failing the whole replay.
    static func read(path: String, warn: (String) -> Void) throws(ConfigError) -> JournalContents {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(.unreadable, "cannot read the journal", file: path, hint: "paper sessions write journals under out/paper/")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard let first = lines.first else {
            throw ConfigError(.journal, "the journal is empty", file: path, line: 1)
        }
        var contents = JournalContents(header: try header(first, path: path))
        for (offset, line) in lines.enumerated().dropFirst() {
            let number = offset + 1
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                if number == lines.count && !text.hasSuffix("\n") {
                    warn("\(path):\(number): last line is incomplete (the session stopped mid-write); replaying the \(number - 1) lines before it")
                    break
                }
                throw ConfigError(.journal, "line is not a JSON object", file: path, line: number, hint: "journals are written by spark paper; do not edit them")
            }
            switch object["type"] as? String {
            case "bar":
                guard let event = object["after_event"] as? Int, let time = (object["time"] as? NSNumber)?.int64Value,
                      let open = double(object["open"]), let high = double(object["high"]), let low = double(object["low"]),
                      let close = double(object["close"]), let volume = double(object["volume"]) else {
                    throw ConfigError(.journal, "bar record lacks a field", file: path, line: number)
                }
                contents.bars.append((event, Bar(symbol: SymbolID(0), time: time, open: open, high: high, low: low, close: close, volume: volume)))
            case "overrun":
                guard let event = object["event"] as? Int, let code = (object["code"] as? String).flatMap(StrategyFailure.Code.init(rawValue:)) else {
                    throw ConfigError(.journal, "overrun record lacks event or code", file: path, line: number)
                }
                contents.overruns[event] = StrategyFailure(code: code, message: object["message"] as? String ?? "", location: object["location"] as? String)
            case "rule_overrun":
                guard let rule = object["rule"] as? String, let time = (object["time"] as? NSNumber)?.int64Value, let check = object["check"] as? Int,
                      let message = object["message"] as? String else {
                    throw ConfigError(.journal, "rule_overrun record lacks rule, time, check or message", file: path, line: number)
                }
                contents.ruleOverruns.append(RuleOverrun(rule: rule, time: time, check: check, message: message))
            case "control":
                guard let bar = object["before_bar"] as? Int, let kind = object["kind"] as? String else {
                    throw ConfigError(.journal, "control record lacks before_bar or kind", file: path, line: number)
                }
                let reason = object["reason"] as? String ?? ""
                let event: ControlEvent
                switch kind {
                case "kill_on": event = .kill(on: true, reason: reason)
                case "kill_off": event = .kill(on: false, reason: reason)
                case "flatten": event = .flatten(by: object["by"] as? String ?? "", reason: reason)
                case "reset":
                    guard let id = object["breaker"] as? String else { throw ConfigError(.journal, "reset record lacks breaker", file: path, line: number) }
                    event = .resetBreaker(id: id, by: object["by"] as? String ?? "", reason: reason)
                default:
                    throw ConfigError(.journal, "unknown control kind \(kind)", file: path, line: number)
                }
                contents.actions[bar, default: []].append(.control(event))
            case "policy":
                guard let bar = object["before_bar"] as? Int, let text = object["text"] as? String, let hash = object["sha256"] as? String else {
                    throw ConfigError(.journal, "policy record lacks before_bar, text or sha256", file: path, line: number)
                }
                let policyPath = object["path"] as? String ?? "policy"
                contents.actions[bar, default: []].append(.policy(path: policyPath, text: text, luaSources: object["lua"] as? [String: String] ?? [:], sha256: hash))
            case "decision":
                do {
                    contents.decisions.append(try DecisionRecord.decode(line))
                } catch {
                    throw ConfigError(.journal, "a decision record does not read back: \(error)", file: path, line: number, hint: "the journal was edited or torn; replay stops here")
                }
            case "backstop":
                // Written by the watchdog as the process ended: the bars after the last flushed one
                // never reached the journal, so the replay ends where the session's record does.
                warn("\(path):\(number): the session was ended by the sandbox's backstop: \(object["message"] as? String ?? "")")
            case "end":
                if let portfolio = object["portfolio"], let data = try? JSONSerialization.data(withJSONObject: portfolio, options: [.sortedKeys]) {
                    contents.endPortfolio = String(data: data, encoding: .utf8)
                }
            default:
                throw ConfigError(.journal, "unknown record type \(object["type"].map { "\($0)" } ?? "(none)")", file: path, line: number)
            }
        }
        return contents
    }

    private static func double(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

    private static func header(_ line: String, path: String) throws(ConfigError) -> JournalHeader {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], object["type"] as? String == "header" else {
            throw ConfigError(.journal, "the first line is not a journal header", file: path, line: 1, hint: "is this a file written by spark paper?")
        }
        guard object["version"] as? Int == JournalHeader.currentVersion else {
            throw ConfigError(
                .journal, "journal version \(object["version"] ?? "?") is not supported (this build reads version \(JournalHeader.currentVersion))", file: path, line: 1,
                hint: "replay it with the spark build that wrote it (README, \"Formats and versions\"); it does not count toward a paper record, so run paper again"
            )
        }
        func text(_ key: String) throws(ConfigError) -> String {
            guard let value = object[key] as? String else {
                throw ConfigError(.journal, "header lacks \(key)", file: path, line: 1)
            }
            return value
        }
        var params: [String: ParamValue] = [:]
        for (key, value) in object["params"] as? [String: String] ?? [:] {
            params[key] = ParamValue.parse(value)
        }
        guard let fill = object["fill_model"], let fillData = try? JSONSerialization.data(withJSONObject: fill),
              let model = try? JSONDecoder().decode(FillModel.self, from: fillData) else {
            throw ConfigError(.journal, "the header's fill_model does not read as a fill model", file: path, line: 1, hint: "the journal header was edited")
        }
        var header = JournalHeader(
            sessionID: try text("session"), strategyPath: try text("strategy_path"), strategySource: try text("strategy_source"),
            strategySHA256: try text("strategy_sha256"), params: params, symbol: try text("symbol"),
            instrument: try InstrumentRecord.instrument(object["instrument"], symbol: try text("symbol"), path: path), interval: try text("interval"),
            cash: double(object["cash"]) ?? 0, fillModel: model, seed: (object["seed"] as? NSNumber)?.uint64Value ?? 1,
            timeBudgetMs: object["time_budget_ms"] as? Int ?? 500, instructionBudget: object["instruction_budget"] as? Int,
            memoryLimit: object["memory_limit"] as? Int ?? 64 << 20, startedAt: object["started_at"] as? String ?? "",
            policyPath: object["policy_path"] as? String, policyText: object["policy_text"] as? String,
            policyLuaSources: object["policy_lua"] as? [String: String] ?? [:], policySHA256: object["policy_sha256"] as? String,
            guardState: object["guard_state"] as? String
        )
        header.paramsSHA256 = object["params_sha256"] as? String ?? ""
        header.approval = object["approval"] as? String
        header.feedKind = object["feed_kind"] as? String ?? ""
        header.feedIsLive = object["feed_live"] as? Bool ?? false
        header.speed = double(object["speed"])
        return header
    }
}
