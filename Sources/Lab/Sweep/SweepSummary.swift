import Foundation
import Drivers

/// The terminal summary of a sweep or walk-forward: counts, the top of the leaderboard, the winners, the files.
public enum SweepSummary {
    public static func text(_ result: SweepJob.Result, top: Int) -> String {
        let spec = result.plan.spec
        var lines: [String] = []
        let kind = spec.walkForward == nil ? "sweep" : "walk-forward"
        lines.append("Spark \(kind) · \(spec.name) · \(result.plan.schema.name) · objective \(spec.objective.rawValue)")
        lines.append(String(format: "  %d scenarios: %d run, %d reused from the store, %d failed · %.2f s", result.ran + result.reused, result.ran, result.reused, result.failed, result.elapsedSeconds))
        if spec.walkForward != nil {
            lines.append("")
            let span: (ClosedRange<Int64>) -> String = { "\(day($0.lowerBound))→\(day($0.upperBound))" }
            let spanWidth = result.windows.map { max(span($0.inSample).count, span($0.outOfSample).count) }.max() ?? 9
            let pad: (String, Int) -> String = { $0.padding(toLength: max($1, $0.count), withPad: " ", startingAt: 0) }
            let number: (Double?, Int) -> String = { value, width in
                let text = value.map { String(format: "%.3f", $0) } ?? "—"
                return String(repeating: " ", count: max(0, width - text.count)) + text
            }
            lines.append("  " + pad("window", 7) + " " + pad("symbol", 9) + " " + pad("in-sample", spanWidth) + "  " + pad("out-of-sample", spanWidth) + "  " + "   IS obj    OOS obj  degradation  params")
            for window in result.windows {
                lines.append(
                    "  " + pad(window.label, 7) + " " + pad(window.symbol, 9) + " " + pad(span(window.inSample), spanWidth) + "  " + pad(span(window.outOfSample), spanWidth) + "  "
                        + number(window.inSampleObjective, 9) + "  " + number(window.outOfSampleObjective, 9) + "  " + number(window.degradation, 11) + "  " + (window.params ?? "no eligible scenario")
                )
            }
        } else {
            // Only swept parameters vary between rows; the fixed ones are in the spec and best.json.
            let names = result.leaderboard.parameterNames.filter { name in spec.axes.contains { $0.name == name } }
            let width = max(12, spec.objective.rawValue.count + 1)
            lines.append("")
            lines.append("  rank  symbol    period    costs     " + names.map { $0.padding(toLength: 8, withPad: " ", startingAt: 0) }.joined(separator: " ") + "  \(spec.objective.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)) return    max dd   trades")
            for row in result.leaderboard.rows.prefix(top) {
                let scenario = row.outcome.scenario
                let values = names.map { (scenario.params[$0]?.description ?? "").padding(toLength: 8, withPad: " ", startingAt: 0) }.joined(separator: " ")
                let metrics = row.outcome.metrics
                let rank = row.rank.map { String($0) } ?? (row.outcome.failed ? "fail" : "—")
                lines.append(
                    "  \(rank.padding(toLength: 4, withPad: " ", startingAt: 0))  \(scenario.symbol.padding(toLength: 8, withPad: " ", startingAt: 0))  \(scenario.period.name.padding(toLength: 8, withPad: " ", startingAt: 0))  \(scenario.costs.name.padding(toLength: 8, withPad: " ", startingAt: 0))  \(values)  "
                        + "\((row.objective.map { String(format: "%.4f", $0) } ?? "—").padding(toLength: width, withPad: " ", startingAt: 0)) "
                        + "\((metrics.map { String(format: "%+.2f%%", $0.totalReturn * 100) } ?? "—").padding(toLength: 9, withPad: " ", startingAt: 0)) "
                        + "\((metrics?.maxDrawdown.map { String(format: "%.2f%%", -$0 * 100) } ?? "—").padding(toLength: 8, withPad: " ", startingAt: 0)) "
                        + "\(metrics.map { String($0.trades) } ?? "—")" + (row.excluded.map { $0 == "failed" ? "" : "  (\($0))" } ?? "")
                )
            }
            if result.leaderboard.rows.count > top { lines.append("  … \(result.leaderboard.rows.count - top) more rows in leaderboard.csv") }
            if let failure = result.leaderboard.rows.first(where: \.outcome.failed) {
                lines.append("  first failure: \(failure.outcome.scenario.paramsJSON) → \(failure.outcome.error?.split(separator: "\n").first ?? "")")
            }
            lines.append("")
            for row in result.best {
                lines.append("  best on \(row.outcome.scenario.symbol): \(row.outcome.scenario.paramsJSON) (\(spec.objective.rawValue) \(row.objective.map { String(format: "%.4f", $0) } ?? "—"), period \(row.outcome.scenario.period.name), costs \(row.outcome.scenario.costs.name))")
            }
            if result.best.isEmpty { lines.append("  no scenario met the constraints: nothing to propose") }
        }
        if let directory = result.evidenceDirectory {
            lines.append("")
            lines.append("  evidence  \(directory)/  (INDEX.md, MANIFEST.sha256)")
            lines.append("  report    \(directory)/report.html")
            if spec.walkForward == nil, !result.best.isEmpty { lines.append("  best      \(directory)/best.json  → spark sweep propose \(directory)/best.json --env paper …") }
            lines.append("  verify    spark evidence verify \(directory)")
        } else {
            lines.append("  stopped before every scenario ran: run the same command again to resume")
        }
        return lines.joined(separator: "\n")
    }

    private static func day(_ time: Int64) -> String {
        String(ISOTime.string(time).prefix(16))
    }
}
