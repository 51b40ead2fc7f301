import SparkCore
extension Policy {
    /// The policy as canonical JSON: sorted keys, numbers in shortest form, durations in ms, Lua rule sources inline.
    ///
    /// Two YAML files that mean the same policy (key order, `3` vs `3.0`, `60s` vs `1m`, comments)
    /// give the same text, and so the same SHA-256: the policy's identity.
    public var canonicalForm: String {
        var root: [(String, String)] = [
            ("applies_to", Canonical.object([
                ("modes", Canonical.array(appliesTo.modes.sorted().map(Canonical.string))),
                ("strategies", Canonical.array(appliesTo.strategies.sorted().map(Canonical.string))),
                ("symbols", Canonical.array(appliesTo.symbols.sorted().map(Canonical.string))),
            ])),
            ("breakers", Canonical.array(breakers.map(\.canonical))),
            ("policy", Canonical.string(name)),
            ("rules", Canonical.array(rules.map(\.canonical))),
        ]
        if !luaSources.isEmpty {
            root.append(("lua_sources", Canonical.object(luaSources.keys.sorted().map { ($0, Canonical.string(luaSources[$0]!)) })))
        }
        return Canonical.object(root)
    }
}

extension Rule {
    var canonical: String {
        var fields: [(String, String)] = [("id", Canonical.string(id)), (kind.key, kind.canonical)]
        if !symbols.isEmpty { fields.append(("symbols", Canonical.array(symbols.sorted().map(Canonical.string)))) }
        if !strategies.isEmpty { fields.append(("strategies", Canonical.array(strategies.sorted().map(Canonical.string)))) }
        // Written only when not the default, so policies written before the setting keep their hash.
        if checksReducing { fields.append(("reducing", Canonical.string("checked"))) }
        return Canonical.object(fields)
    }
}

extension RuleKind {
    var canonical: String {
        switch self {
        case .maxOrderQuantity(let limit), .maxOrderNotional(let limit), .maxPosition(let limit), .maxGrossExposure(let limit), .maxNetExposure(let limit):
            Canonical.object([("limit", Canonical.number(limit))])
        case .priceBand(let pct, let reference, let age):
            Canonical.object([("max_deviation_pct", Canonical.number(pct)), ("max_reference_age_ms", String(age)), ("reference", Canonical.string(reference.rawValue))])
        case .maxOpenOrders(let limit):
            Canonical.object([("limit", String(limit))])
        case .orderRate(let max, let per, let perSymbol):
            Canonical.object([("max", String(max)), ("per_ms", String(per)), ("scope", Canonical.string(perSymbol ? "symbol" : "strategy"))])
        case .duplicateOrder(let window):
            Canonical.object([("window_ms", String(window))])
        case .restrictedSymbols(let symbols):
            Canonical.object([("symbols", Canonical.array(symbols.sorted().map(Canonical.string)))])
        case .tradingWindow(let days, let from, let to, let offset):
            Canonical.object([("days", Canonical.array(days.sorted().map { String($0) })), ("from_minute", String(from)), ("to_minute", String(to)), ("utc_offset_minutes", String(offset))])
        case .instrumentConformance, .selfTrade:
            Canonical.object([])
        case .cashCheck(let credit):
            Canonical.object([("credit", Canonical.number(credit))])
        case .lua(let file, let params):
            Canonical.object([("file", Canonical.string(file)), ("params", Canonical.object(params.keys.sorted().map { ($0, Canonical.number(params[$0]!)) }))])
        }
    }
}

extension BreakerSpec {
    var canonical: String {
        let condition: String = switch self.condition {
        case .dailyLossPct(let pct), .drawdownPct(let pct): Canonical.number(pct)
        case .consecutiveLosses(let count): String(count)
        case .rejectRate(let pct, let window, let minOrders):
            Canonical.object([("min_orders", String(minOrders)), ("pct", Canonical.number(pct)), ("window", String(window))])
        case .errorCount(let count, let within): Canonical.object([("count", String(count)), ("within_ms", String(within))])
        case .dataStale(let age): Canonical.object([("max_age_ms", String(age))])
        }
        let reset: String = switch self.reset {
        case .after(let ms): Canonical.object([("after_ms", String(ms))])
        case .whenClear: Canonical.string("when_clear")
        case .manual: Canonical.string("manual")
        }
        return Canonical.object([
            ("action", Canonical.string(action.rawValue)), ("id", Canonical.string(id)), ("reset", reset),
            ("when", Canonical.object([(self.condition.key, condition)])),
        ])
    }
}

/// Minimal canonical JSON writing: callers pass object fields already in sorted order.
enum Canonical {
    static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.sorted { $0.0 < $1.0 }.map { "\(string($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }

    static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }

    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    static func string(_ text: String) -> String { JSONText.quote(text) }
}
