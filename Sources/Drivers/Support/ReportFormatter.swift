import Foundation
import Engine

/// Renders a ``BacktestReport`` for people (a summary table) and for programs (one JSON object).
public enum ReportFormatter {
    /// Exactly one JSON object; metrics keys are snake_case and ratios are fractions.
    ///
    /// - Parameter timing: include `elapsed_s`. report.json leaves it out: evidence re-runs compare
    ///   that file byte for byte, and wall time is the one thing a re-run cannot reproduce.
    public static func json(_ report: BacktestReport, timing: Bool = true) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let metrics = (try? encoder.encode(report.metrics)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
        let fill = (try? encoder.encode(report.fillModel)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
        var pairs: [(String, String)] = [
            ("format_version", String(BacktestReport.formatVersion)),
            ("run_id", JSON.string(report.runID)),
            ("strategy", JSON.object([
                ("name", JSON.string(report.strategyName)), ("path", JSON.string(report.strategyPath)),
                ("sha256", JSON.string(report.strategySHA256)), ("params", JSON.string(report.params)),
            ])),
            ("symbol", JSON.string(report.symbol)), ("interval", JSON.string(report.interval)),
            ("data", JSON.string(report.dataDescription)),
            ("data_sha256", report.dataSHA256.map(JSON.string) ?? "null"),
            ("from", report.firstTime.map { JSON.string(ISOTime.string($0)) } ?? "null"),
            ("to", report.lastTime.map { JSON.string(ISOTime.string($0)) } ?? "null"),
            ("bars", String(report.bars)),
            ("initial_cash", JSON.number(report.initialCash)),
            ("fill_model", fill),
            ("orders", JSON.object([("submitted", String(report.ordersSubmitted)), ("rejected", String(report.ordersRejected))])),
            ("guardrails", JSON.object([
                ("policy", report.policyName.map(JSON.string) ?? "null"), ("policy_sha256", report.policySHA256.map(JSON.string) ?? "null"),
                ("rejections_by_rule", JSON.object(report.rejectionsByRule.keys.sorted().map { ($0, String(report.rejectionsByRule[$0]!)) })),
                ("breaker_events", "[" + report.breakerEvents.map { change in
                    JSON.object([
                        ("breaker", JSON.string(change.breaker)), ("from", JSON.string(change.from.rawValue)), ("to", JSON.string(change.to.rawValue)),
                        ("time", JSON.string(ISOTime.string(change.time))), ("reason", JSON.string(change.reason)),
                    ])
                }.joined(separator: ",") + "]"),
                ("breaker_event_count", String(report.breakerEventCount)),
            ])),
            ("metrics", metrics),
            ("warnings", "[" + report.warnings.map(JSON.string).joined(separator: ",") + "]"),
        ]
        if timing { pairs.append(("elapsed_s", JSON.number(report.elapsedSeconds))) }
        return JSON.object(pairs)
    }

    /// A readable summary, about 30 lines.
    public static func text(_ report: BacktestReport) -> String {
        let m = report.metrics
        func pct(_ value: Double?) -> String {
            guard let value, value.isFinite else { return "—" }
            return String(format: "%+.2f%%", value * 100)
        }
        func num(_ value: Double?, _ digits: Int = 2) -> String {
            guard let value, value.isFinite else { return "—" }
            return String(format: "%.\(digits)f", value)
        }
        func duration(_ seconds: Double) -> String {
            let total = Int(seconds)
            let days = total / 86_400, hours = total % 86_400 / 3600, minutes = total % 3600 / 60
            return days > 0 ? "\(days)d \(hours)h \(minutes)m" : "\(hours)h \(minutes)m"
        }
        let range = "\(report.firstTime.map(ISOTime.string) ?? "?") → \(report.lastTime.map(ISOTime.string) ?? "?")"
        let fill = report.fillModel
        var lines = [
            "Spark backtest · run \(report.runID)",
            "  strategy   \(report.strategyName)  \(report.strategyPath)  sha256 \(report.strategySHA256.prefix(12))…",
            "  params     \(report.params)",
            "  data       \(report.symbol) \(report.interval)  \(range)  \(report.bars) bars  (\(report.dataDescription))",
            "  venue      market orders at \(fill.marketFill == .nextOpen ? "next bar's open" : "this bar's close"), fees maker \(num(fill.makerFeeBps, 1)) / taker \(num(fill.takerFeeBps, 1)) bps, slippage \(num(fill.slippageBps, 1)) bps + \(fill.slippageTicks) ticks\(fill.executionSummary.isEmpty ? "" : "; " + fill.executionSummary)",
            "",
            "  Equity      \(num(m.equityInitial)) → \(num(m.equityFinal))",
            "  Return      \(pct(m.totalReturn))    buy & hold \(pct(m.buyAndHoldReturn))",
            "  CAGR        \(pct(m.cagr))    volatility \(pct(m.volatility)) (annualised)",
            "  Sharpe      \(num(m.sharpe))    Sortino \(num(m.sortino))    Calmar \(num(m.calmar))",
            "  Drawdown    \(pct(m.maxDrawdown.map { -$0 })) max, longest \(duration(m.maxDrawdownDurationS))",
            "  Trades      \(m.trades)    win rate \(pct(m.winRate))    profit factor \(num(m.profitFactor))    avg trade \(num(m.avgTrade))",
            "  Exposure    \(pct(m.exposure))    fees \(num(m.fees))",
            "  Orders      \(report.ordersSubmitted) submitted, \(report.ordersRejected) rejected",
        ]
        if let policy = report.policyName {
            lines.append("  Guardrails  policy \(policy)  sha256 \(report.policySHA256?.prefix(12) ?? "")…")
            for rule in report.rejectionsByRule.keys.sorted() {
                lines.append("    rejected by \(rule): \(report.rejectionsByRule[rule]!)")
            }
            for change in report.breakerEvents.prefix(6) {
                lines.append("    \(ISOTime.string(change.time))  breaker \(change.breaker) \(change.from.rawValue) → \(change.to.rawValue)  (\(change.reason))")
            }
            if report.breakerEventCount > 6 { lines.append("    … \(report.breakerEventCount - 6) more breaker events (report.json lists the first \(report.breakerEvents.count))") }
        } else {
            lines.append("  Guardrails  none (--no-policy): orders were not checked against any policy")
        }
        lines += [
            "",
            String(format: "  %d bars in %.3f s (%.0f bars/s)", report.bars, report.elapsedSeconds, report.elapsedSeconds > 0 ? Double(report.bars) / report.elapsedSeconds : 0),
        ]
        if !report.warnings.isEmpty {
            lines.append("  warnings:")
            lines += report.warnings.prefix(10).map { "    - \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}
