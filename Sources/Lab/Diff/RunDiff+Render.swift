import Foundation
import Drivers

extension RunDiff {
    /// The report for people: a headline (`identical` or the first divergence), the likely cause,
    /// the settings that differ, and the metric table.
    public var text: String {
        var lines = ["spark diff", "  A  \(a.path) (\(a.kind.rawValue))", "  B  \(b.path) (\(b.kind.rawValue))", ""]
        if identical {
            lines.append("identical: \(a.orders.count) orders, \(a.fills.count) fills, every recorded setting and metric agree")
            return lines.joined(separator: "\n")
        }
        lines.append(headline)
        if let divergence {
            lines.append("  A: \(divergence.a)")
            lines.append("  B: \(divergence.b)")
        }
        if let cause { lines.append("likely cause: \(cause.explanation)") }
        lines.append("")
        lines.append(settings.isEmpty ? "settings: every setting both runs record is the same" : "settings that differ (A → B):")
        lines += settings.map { "  \($0.name.padding(toLength: 26, withPad: " ", startingAt: 0)) \($0.a ?? "—") → \($0.b ?? "—")" }
        if !unrecorded.isEmpty { lines.append("  recorded by one run only (not compared): \(unrecorded.joined(separator: ", "))") }
        lines.append("")
        lines.append("counts: orders \(a.orders.count) / \(b.orders.count), fills \(a.fills.count) / \(b.fills.count)")
        lines.append("")
        lines.append("metric".padding(toLength: 26, withPad: " ", startingAt: 0) + Self.column("A") + Self.column("B") + Self.column("B − A"))
        for row in metrics {
            let mark = row.a == row.b ? "" : "  *"
            lines.append(row.name.padding(toLength: 26, withPad: " ", startingAt: 0) + Self.column(row.a) + Self.column(row.b) + Self.column(row.difference) + mark)
        }
        return lines.joined(separator: "\n")
    }

    /// One line: where the runs first part, with both values of the first differing field.
    public var headline: String {
        guard let divergence else {
            return identical ? "identical" : "no order, fill or per-bar difference; settings or metrics differ"
        }
        let when = divergence.time.map { " at \(ISOTime.string($0))" } ?? ""
        let order = divergence.order.map { ", order \($0)" } ?? ""
        let fields = divergence.changes.map { "\($0.name) \($0.a ?? "—") (A) vs \($0.b ?? "—") (B)" }.joined(separator: "; ")
        return "first divergence: \(divergence.stream) #\(divergence.index)\(when)\(order): \(fields)"
    }

    /// The report as one JSON object.
    public var json: String {
        func text(_ value: String?) -> String { value.map(JSON.string) ?? "null" }
        func number(_ value: Double?) -> String { value.flatMap { $0.isFinite ? JSON.number($0) : nil } ?? "null" }
        func change(_ change: Change) -> String { JSON.object([("name", JSON.string(change.name)), ("a", text(change.a)), ("b", text(change.b))]) }
        func run(_ run: RunRecord) -> String {
            JSON.object([("path", JSON.string(run.path)), ("kind", JSON.string(run.kind.rawValue)), ("orders", String(run.orders.count)), ("fills", String(run.fills.count))])
        }
        let divergence = self.divergence.map { divergence in
            JSON.object([
                ("stream", JSON.string(divergence.stream)), ("index", String(divergence.index)),
                ("time", text(divergence.time.map(ISOTime.string))), ("order", text(divergence.order)),
                ("fields", "[" + divergence.changes.map(change).joined(separator: ",") + "]"), ("a", JSON.string(divergence.a)), ("b", JSON.string(divergence.b)),
            ])
        } ?? "null"
        let cause = self.cause.map { JSON.object([("setting", text($0.setting)), ("explanation", JSON.string($0.explanation))]) } ?? "null"
        let metrics = self.metrics.map { row in
            JSON.object([("name", JSON.string(row.name)), ("a", number(row.a)), ("b", number(row.b)), ("difference", number(row.difference))])
        }
        return JSON.object([
            ("identical", identical ? "true" : "false"), ("a", run(a)), ("b", run(b)), ("headline", JSON.string(headline)),
            ("first_divergence", divergence), ("likely_cause", cause),
            ("settings", "[" + settings.map(change).joined(separator: ",") + "]"),
            ("unrecorded", "[" + unrecorded.map(JSON.string).joined(separator: ",") + "]"),
            ("metrics", "[" + metrics.joined(separator: ",") + "]"),
        ])
    }

    static func column(_ value: Double?) -> String {
        column(value.map { $0.isFinite ? String(format: abs($0) >= 1e-3 || $0 == 0 ? "%.6g" : "%.4e", $0) : "—" } ?? "—")
    }

    static func column(_ text: String) -> String {
        String(repeating: " ", count: max(1, 16 - text.count)) + text
    }
}
