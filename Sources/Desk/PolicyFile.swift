import Crypto
import Foundation
import SparkCore
public import Guardrails
package import Yams
public import SparkConfig

/// A guardrail policy file (`policies/*.yaml`), loaded strictly, with its canonical hash.
///
/// Unknown keys and rule kinds, wrong types, negative, non-finite or absurdly large limits and
/// duplicate ids are errors at file:line:column with a hint; nothing is ignored.
public struct PolicyFile: Sendable {
    public var path: String
    /// The YAML as written, for journals (a replay rebuilds the policy from it).
    public var text: String
    public var policy: Policy
    /// SHA-256 (hex) of ``Policy/canonicalForm``: the policy's identity in decisions and approvals.
    public var sha256: String

    /// The identity approvals bind a file under `policies/` to: the canonical hash of a guardrail
    /// policy (so reformatting it needs no new approval), the SHA-256 of the bytes for anything else.
    @Sendable public static func identity(path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(.unreadable, "cannot read the policy file", file: path)
        }
        let text = String(decoding: data, as: UTF8.self)
        if text.range(of: "^policy:", options: .regularExpression) != nil || text.contains("\npolicy:") {
            return try load(path: path).sha256
        }
        return sha256Hex(data)
    }

    /// Lower-case hex SHA-256, as `RunSetup.sha256Hex` computes it (Desk sits below the drivers).
    private static func sha256Hex(_ data: Data) -> String {
        Hex.lowercase(SHA256.hash(data: data))
    }

    private static func sha256Hex(_ text: String) -> String { sha256Hex(Data(text.utf8)) }

    /// The largest limit a policy may state; beyond it a value is a typo, not a limit.
    static let maxLimit = 1e15

    public static func load(path: String) throws(ConfigError) -> PolicyFile {
        let file = try YAMLFile(path: path)
        return try parse(file, readLua: true)
    }

    /// Parses policy text; Lua rule files are read relative to `path`'s directory unless `readLua` is false.
    public static func load(path: String, text: String, readLua: Bool = true) throws(ConfigError) -> PolicyFile {
        try parse(YAMLFile(path: path, text: text), readLua: readLua)
    }

    private static func parse(_ file: YAMLFile, readLua: Bool) throws(ConfigError) -> PolicyFile {
        var name: String?
        var policy = Policy(name: "")
        for (key, keyNode, value) in try file.mapping(file.root, allowed: ["policy", "description", "applies_to", "rules", "breakers"], what: "a policy") {
            switch key {
            case "policy":
                name = try identifier(file, value, what: "policy")
            case "description":
                policy.description = try file.scalar(value, what: "description")
            case "applies_to":
                policy.appliesTo = try scope(file, value)
            case "rules":
                var ids: [String: Node] = [:]
                for item in try sequence(file, value, what: "rules") {
                    let rule = try self.rule(file, item)
                    if let earlier = ids[rule.id] {
                        throw file.error(.schema, "duplicate rule id '\(rule.id)' (first at line \(earlier.mark?.line ?? 0))", at: item, hint: "decisions cite rules by id, so each id must be unique")
                    }
                    ids[rule.id] = item
                    policy.rules.append(rule)
                }
            case "breakers":
                var ids = Set<String>()
                for item in try sequence(file, value, what: "breakers") {
                    let breaker = try self.breaker(file, item)
                    guard ids.insert(breaker.id).inserted else {
                        throw file.error(.schema, "duplicate breaker id '\(breaker.id)'", at: item, hint: "each breaker needs its own id")
                    }
                    policy.breakers.append(breaker)
                }
            default:
                throw file.error(.schema, "unknown key '\(key)'", at: keyNode)
            }
        }
        guard let name else {
            throw ConfigError(.schema, "the policy has no name", file: file.path, line: 1, column: 1, hint: "add `policy: <name>` at the top")
        }
        policy.name = name
        let ruleIDs = Set(policy.rules.map(\.id))
        if let clash = policy.breakers.first(where: { ruleIDs.contains($0.id) }) {
            throw ConfigError(.schema, "breaker id '\(clash.id)' is also a rule id", file: file.path, hint: "rejections cite one id; give the breaker another name")
        }
        let directory = (file.path as NSString).deletingLastPathComponent
        for rule in policy.rules where readLua {
            guard case .lua(let luaFile, _) = rule.kind else { continue }
            let full = luaFile.hasPrefix("/") ? luaFile : (directory.isEmpty ? luaFile : directory + "/" + luaFile)
            guard let source = try? String(contentsOfFile: full, encoding: .utf8) else {
                throw ConfigError(.unreadable, "rule '\(rule.id)': cannot read the Lua file \(full)", file: file.path, hint: "Lua rule paths are relative to the policy file (e.g. rules/no_pyramiding.lua)")
            }
            policy.luaSources[luaFile] = source
        }
        return PolicyFile(path: file.path, text: file.text, policy: policy, sha256: sha256Hex(policy.canonicalForm))
    }

    // MARK: Pieces

    private static func scope(_ file: YAMLFile, _ node: Node) throws(ConfigError) -> PolicyScope {
        var scope = PolicyScope()
        for (key, _, value) in try file.mapping(node, allowed: ["strategies", "symbols", "modes"], what: "applies_to") {
            let list = try strings(file, value, what: "applies_to.\(key)")
            switch key {
            case "strategies": scope.strategies = list
            case "symbols": scope.symbols = list
            default:
                for (index, mode) in list.enumerated() where !["backtest", "paper", "live", "*"].contains(mode) {
                    throw file.error(.value, "unknown mode '\(mode)'", at: value.sequence?[index] ?? value, hint: "modes are backtest, paper and live")
                }
                scope.modes = list
            }
        }
        return scope
    }

    private static func rule(_ file: YAMLFile, _ node: Node) throws(ConfigError) -> Rule {
        let common: Set<String> = ["id", "symbols", "strategies", "description", "reducing"]
        let pairs = try file.mapping(node, allowed: common.union(RuleKind.keys), what: "a rule")
        var id: String?
        var symbols: [String] = []
        var strategies: [String] = []
        var description: String?
        var kind: RuleKind?
        var reducing: (checked: Bool, node: Node)?
        for (key, keyNode, value) in pairs {
            switch key {
            case "reducing":
                switch try file.scalar(value, what: "reducing") {
                case "exempt": reducing = (false, keyNode)
                case "checked": reducing = (true, keyNode)
                case let other: throw file.error(.value, "reducing must be exempt or checked, not '\(other)'", at: value, hint: "exempt (the default): orders that only reduce a position pass this limit")
                }
            case "id": id = try identifier(file, value, what: "rule id")
            case "symbols": symbols = try strings(file, value, what: "symbols")
            case "strategies": strategies = try strings(file, value, what: "strategies")
            case "description": description = try file.scalar(value, what: "description")
            default:
                if kind != nil {
                    throw file.error(.schema, "a rule has one kind; '\(key)' is a second", at: keyNode, hint: "split it into two rules with their own ids")
                }
                kind = try ruleKind(file, key, value)
            }
        }
        guard let id else { throw file.error(.schema, "a rule needs an `id`", at: node, hint: "decisions cite the id; e.g. `id: max-notional`") }
        guard let kind else {
            throw file.error(.schema, "rule '\(id)' has no kind", at: node, hint: "add one of: \(RuleKind.keys.joined(separator: ", "))")
        }
        let rule = Rule(id: id, kind: kind, symbols: symbols, strategies: strategies, description: description, checksReducing: reducing?.checked ?? false)
        if let reducing, !rule.isSizeLimit {
            throw file.error(.schema, "rule '\(id)': only max_order_quantity and max_order_notional take `reducing`", at: reducing.node)
        }
        return rule
    }

    private static func ruleKind(_ file: YAMLFile, _ key: String, _ node: Node) throws(ConfigError) -> RuleKind {
        switch key {
        case "max_order_quantity":
            return .maxOrderQuantity(limit: try limit(file, fields(file, node, key, required: ["limit"]), "limit", at: node))
        case "max_order_notional":
            return .maxOrderNotional(limit: try limit(file, fields(file, node, key, required: ["limit"], optional: ["currency"]), "limit", at: node))
        case "max_position":
            return .maxPosition(limit: try limit(file, fields(file, node, key, required: ["limit"]), "limit", at: node))
        case "max_gross_exposure":
            return .maxGrossExposure(limit: try limit(file, fields(file, node, key, required: ["limit"]), "limit", at: node))
        case "max_net_exposure":
            return .maxNetExposure(limit: try limit(file, fields(file, node, key, required: ["limit"]), "limit", at: node))
        case "max_open_orders":
            return .maxOpenOrders(limit: try count(file, fields(file, node, key, required: ["limit"]), "limit", at: node))
        case "price_band":
            let values = try fields(file, node, key, required: ["max_deviation_pct"], optional: ["reference", "max_reference_age"])
            let pct = try limit(file, values, "max_deviation_pct", at: node)
            var reference = PriceReference.barClose
            if let text = values["reference"] {
                guard let parsed = PriceReference(rawValue: try file.scalar(text, what: "reference")) else {
                    throw file.error(.value, "unknown reference '\(text.string ?? "")'", at: text, hint: "one of: \(PriceReference.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                reference = parsed
            }
            let age = try values["max_reference_age"].map { node throws(ConfigError) in try duration(file, node) } ?? 120_000
            return .priceBand(maxDeviationPct: pct, reference: reference, maxAgeMs: age)
        case "order_rate":
            let values = try fields(file, node, key, required: ["max", "per"], optional: ["scope"])
            var perSymbol = false
            if let scope = values["scope"] {
                switch try file.scalar(scope, what: "scope") {
                case "strategy": perSymbol = false
                case "symbol": perSymbol = true
                default: throw file.error(.value, "scope must be strategy or symbol", at: scope)
                }
            }
            return .orderRate(max: try count(file, values, "max", at: node), perMs: try duration(file, values["per"]!), perSymbol: perSymbol)
        case "duplicate_orders":
            return .duplicateOrder(windowMs: try duration(file, fields(file, node, key, required: ["window"])["window"]!))
        case "restricted_symbols":
            return .restrictedSymbols(try strings(file, fields(file, node, key, required: ["symbols"])["symbols"]!, what: "symbols"))
        case "trading_window":
            let values = try fields(file, node, key, required: ["from", "to"], optional: ["days", "utc_offset"])
            let names = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
            var days = [1, 2, 3, 4, 5]
            if let list = values["days"] {
                days = []
                for (index, day) in try strings(file, list, what: "days").enumerated() {
                    guard let number = names.firstIndex(of: day.lowercased()) else {
                        throw file.error(.value, "unknown day '\(day)'", at: list.sequence?[index] ?? list, hint: "days are sun, mon, tue, wed, thu, fri, sat")
                    }
                    days.append(number)
                }
            }
            let offset = try values["utc_offset"].map { node throws(ConfigError) in try utcOffset(file, node) } ?? 0
            return .tradingWindow(days: days, fromMinute: try clock(file, values["from"]!), toMinute: try clock(file, values["to"]!), utcOffsetMinutes: offset)
        case "instrument_conformance":
            _ = try fields(file, node, key, required: [])
            return .instrumentConformance
        case "self_trade":
            _ = try fields(file, node, key, required: [])
            return .selfTrade
        case "cash_check":
            let values = try fields(file, node, key, required: [], optional: ["credit"])
            return .cashCheck(credit: values["credit"] == nil ? 0 : try limit(file, values, "credit", at: node, allowZero: true))
        case "lua":
            let values = try fields(file, node, key, required: ["file"], optional: ["params"])
            var params: [String: Double] = [:]
            if let table = values["params"] {
                for (name, _, value) in try file.mapping(table, what: "lua.params") {
                    params[name] = try number(file, value, what: "param '\(name)'")
                }
            }
            return .lua(file: try file.scalar(values["file"]!, what: "file"), params: params)
        default:
            throw file.error(.schema, "unknown rule kind '\(key)'", at: node, hint: "one of: \(RuleKind.keys.joined(separator: ", "))")
        }
    }

    private static func breaker(_ file: YAMLFile, _ node: Node) throws(ConfigError) -> BreakerSpec {
        var id: String?
        var condition: BreakerCondition?
        var action: TradingModeAction?
        var reset: BreakerReset?
        var description: String?
        for (key, _, value) in try file.mapping(node, allowed: ["id", "when", "action", "reset", "description"], what: "a breaker") {
            switch key {
            case "id": id = try identifier(file, value, what: "breaker id")
            case "description": description = try file.scalar(value, what: "description")
            case "when":
                let pairs = try file.mapping(value, allowed: Set(BreakerCondition.keys), what: "when")
                guard pairs.count == 1, let (kind, _, setting) = pairs.first else {
                    throw file.error(.schema, "`when` takes exactly one condition", at: value, hint: "one of: \(BreakerCondition.keys.joined(separator: ", "))")
                }
                condition = try breakerCondition(file, kind, setting)
            case "action":
                let text = try file.scalar(value, what: "action")
                guard let parsed = TradingModeAction(rawValue: text) else {
                    throw file.error(.value, "unknown action '\(text)'", at: value, hint: "reduce_only or halted")
                }
                action = parsed
            default:
                if let text = value.scalar?.string {
                    switch text {
                    case "manual": reset = .manual
                    case "when_clear": reset = .whenClear
                    default: throw file.error(.value, "unknown reset '\(text)'", at: value, hint: "manual, when_clear, or { after: 1h }")
                    }
                } else {
                    reset = .after(ms: try duration(file, fields(file, value, "reset", required: ["after"])["after"]!))
                }
            }
        }
        guard let id else { throw file.error(.schema, "a breaker needs an `id`", at: node) }
        guard let condition else { throw file.error(.schema, "breaker '\(id)' has no `when` condition", at: node, hint: "e.g. when: { drawdown_pct: 10 }") }
        guard let action else { throw file.error(.schema, "breaker '\(id)' has no `action`", at: node, hint: "reduce_only or halted") }
        guard let reset else { throw file.error(.schema, "breaker '\(id)' has no `reset`", at: node, hint: "manual, when_clear, or { after: 1d }") }
        return BreakerSpec(id: id, condition: condition, action: action, reset: reset, description: description)
    }

    private static func breakerCondition(_ file: YAMLFile, _ kind: String, _ node: Node) throws(ConfigError) -> BreakerCondition {
        switch kind {
        case "daily_loss_pct":
            return .dailyLossPct(try percent(file, node))
        case "drawdown_pct":
            return .drawdownPct(try percent(file, node))
        case "consecutive_losses":
            return .consecutiveLosses(try count(file, ["value": node], "value", at: node))
        case "reject_rate":
            let values = try fields(file, node, kind, required: ["pct"], optional: ["window", "min_orders"])
            let pct = try percent(file, values["pct"]!)
            let window = values["window"] == nil ? 20 : try count(file, values, "window", at: node)
            let minimum = values["min_orders"] == nil ? min(10, window) : try count(file, values, "min_orders", at: node)
            return .rejectRate(pct: pct, window: window, minOrders: minimum)
        case "error_count":
            let values = try fields(file, node, kind, required: ["count"], optional: ["within"])
            let within = try values["within"].map { node throws(ConfigError) in try duration(file, node) } ?? 3_600_000
            return .errorCount(count: try count(file, values, "count", at: node), withinMs: within)
        default:
            return .dataStale(maxAgeMs: try duration(file, fields(file, node, kind, required: ["max_age"])["max_age"]!))
        }
    }

    // MARK: Values

    private static func fields(_ file: YAMLFile, _ node: Node, _ what: String, required: Set<String>, optional: Set<String> = []) throws(ConfigError) -> [String: Node] {
        if node.scalar?.string == "", required.isEmpty { return [:] }
        if node.scalar?.string == "{}" { return [:] }
        var values: [String: Node] = [:]
        for (key, _, value) in try file.mapping(node, allowed: required.union(optional), what: what) { values[key] = value }
        for key in required.sorted() where values[key] == nil {
            throw file.error(.schema, "\(what) needs `\(key)`", at: node)
        }
        return values
    }

    private static func identifier(_ file: YAMLFile, _ node: Node, what: String) throws(ConfigError) -> String {
        let text = try file.scalar(node, what: what)
        guard !text.isEmpty, text.count <= 64, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }) else {
            throw file.error(.value, "\(what) '\(text)' must be 1–64 letters, digits, '-', '_' or '.'", at: node)
        }
        return text
    }

    private static func strings(_ file: YAMLFile, _ node: Node, what: String) throws(ConfigError) -> [String] {
        guard let items = node.sequence else { throw file.error(.schema, "\(what) must be a list, e.g. [BTCUSDT, ETHUSDT]", at: node) }
        var list: [String] = []
        for item in items { list.append(try file.scalar(item, what: "each of \(what)")) }
        return list
    }

    private static func sequence(_ file: YAMLFile, _ node: Node, what: String) throws(ConfigError) -> [Node] {
        guard let items = node.sequence else { throw file.error(.schema, "\(what) must be a list (lines starting with '- ')", at: node) }
        return Array(items)
    }

    private static func number(_ file: YAMLFile, _ node: Node, what: String) throws(ConfigError) -> Double {
        let text = try file.scalar(node, what: what)
        let value = try file.number(node, what: what)
        guard abs(value) <= maxLimit else {
            throw file.error(.value, "\(what) \(text) is too large (above 10^15)", at: node, hint: "check for extra zeros")
        }
        return value
    }

    private static func limit(_ file: YAMLFile, _ values: [String: Node], _ key: String, at node: Node, allowZero: Bool = false) throws(ConfigError) -> Double {
        guard let valueNode = values[key] else { throw file.error(.schema, "missing `\(key)`", at: node) }
        let value = try number(file, valueNode, what: key)
        guard value > 0 || (allowZero && value == 0) else {
            throw file.error(.value, "\(key) must be \(allowZero ? "zero or more" : "positive"), not \(value)", at: valueNode, hint: "a limit of zero or less would refuse every order; use restricted_symbols or the kill switch for that")
        }
        return value
    }

    private static func count(_ file: YAMLFile, _ values: [String: Node], _ key: String, at node: Node) throws(ConfigError) -> Int {
        guard let valueNode = values[key] else { throw file.error(.schema, "missing `\(key)`", at: node) }
        let value = try file.integer(valueNode, what: key)
        guard value > 0, value <= 1_000_000 else {
            throw file.error(.value, "\(key) must be a whole number from 1 to 1000000, not \(value)", at: valueNode)
        }
        return Int(value)
    }

    private static func percent(_ file: YAMLFile, _ node: Node) throws(ConfigError) -> Double {
        let value = try number(file, node, what: "percentage")
        guard value > 0, value <= 100 else {
            throw file.error(.value, "a percentage must be above 0 and at most 100, not \(value)", at: node)
        }
        return value
    }

    /// "500ms", "30s", "2m", "1h", "1d" in milliseconds.
    package static func duration(_ file: YAMLFile, _ node: Node) throws(ConfigError) -> Int64 {
        let text = try file.scalar(node, what: "duration")
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            let number = text.dropLast(suffix.count)
            if let value = YAMLNumber.integer(String(number)), value > 0, value <= 366 * 86_400_000 / scale {
                return value * scale
            }
            break
        }
        throw file.error(.value, "'\(text)' is not a duration", at: node, hint: "a positive whole number with ms, s, m, h or d, e.g. 2m")
    }

    private static func clock(_ file: YAMLFile, _ node: Node) throws(ConfigError) -> Int {
        let text = try file.scalar(node, what: "time of day")
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0...24).contains(hour), (0..<60).contains(minute), hour * 60 + minute <= 1440 else {
            throw file.error(.value, "'\(text)' is not a time of day", at: node, hint: "HH:MM, e.g. 09:30 (24:00 for the end of the day); quote it: \"09:30\"")
        }
        return hour * 60 + minute
    }

    private static func utcOffset(_ file: YAMLFile, _ node: Node) throws(ConfigError) -> Int {
        let text = try file.scalar(node, what: "utc_offset")
        let sign = text.hasPrefix("-") ? -1 : 1
        let body = text.hasPrefix("-") || text.hasPrefix("+") ? String(text.dropFirst()) : text
        let parts = body.split(separator: ":")
        guard parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]), hours <= 14, minutes < 60 else {
            throw file.error(.value, "'\(text)' is not a UTC offset", at: node, hint: "e.g. \"+03:00\" for Istanbul; quote it")
        }
        return sign * (hours * 60 + minutes)
    }
}
