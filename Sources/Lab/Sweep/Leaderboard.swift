import Foundation
import Drivers
public import Engine

/// Scenario outcomes ranked by an objective under constraints, as leaderboard.csv and best.json.
public struct Leaderboard: Sendable {
    /// What ranks and what disqualifies.
    public struct Rule: Sendable {
        public var objective: Objective
        public var constraints: SweepSpec.Constraints

        /// Why `outcome` may not win (failed, too few trades, too deep a drawdown, no objective value); nil when it may.
        public func exclusion(_ outcome: ScenarioOutcome) -> String? {
            guard let metrics = outcome.metrics else { return "failed" }
            if let minimum = constraints.minTrades, metrics.trades < minimum { return "trades \(metrics.trades) < \(minimum)" }
            if let maximum = constraints.maxDrawdown, (metrics.maxDrawdown ?? 0) > maximum {
                return String(format: "drawdown %.2f%% > %.2f%%", (metrics.maxDrawdown ?? 0) * 100, maximum * 100)
            }
            if objective.value(metrics) == nil { return "\(objective.rawValue) undefined" }
            return nil
        }
    }

    /// One row: an outcome, its rank among eligible rows (nil: excluded) and why it was excluded.
    public struct Row: Sendable {
        public var outcome: ScenarioOutcome
        public var rank: Int?
        public var excluded: String?
        public var objective: Double?
    }

    public let rule: Rule
    /// Eligible rows by objective (best first), then excluded, then failed; ties broken by scenario key.
    public let rows: [Row]
    public let parameterNames: [String]

    public init(_ outcomes: [ScenarioOutcome], rule: Rule, parameterNames: [String]) {
        self.rule = rule
        self.parameterNames = parameterNames
        let rows = outcomes.map { outcome in
            Row(outcome: outcome, rank: nil, excluded: rule.exclusion(outcome), objective: outcome.metrics.flatMap(rule.objective.value))
        }
        func tier(_ row: Row) -> Int { row.excluded == nil ? 0 : row.outcome.failed ? 2 : 1 }
        var sorted = rows.sorted { a, b in
            if tier(a) != tier(b) { return tier(a) < tier(b) }
            let left = a.objective ?? -.infinity, right = b.objective ?? -.infinity
            if left != right { return left > right }
            return a.outcome.scenario.key < b.outcome.scenario.key
        }
        var rank = 0
        for index in sorted.indices where sorted[index].excluded == nil {
            rank += 1
            sorted[index].rank = rank
        }
        self.rows = sorted
    }

    /// The best eligible row per symbol, in the spec's symbol order.
    public func best(symbols: [String]) -> [Row] {
        symbols.compactMap { symbol in rows.first { $0.excluded == nil && $0.outcome.scenario.symbol == symbol } }
    }

    static let metricColumns = [
        "total_return", "cagr", "sharpe", "sortino", "calmar", "return_over_drawdown", "max_drawdown", "trades", "win_rate", "profit_factor",
        "avg_trade", "exposure", "fees", "equity_final", "buy_and_hold_return",
    ]

    static func metricValues(_ metrics: PerformanceMetrics?) -> [String] {
        guard let m = metrics else { return Array(repeating: "", count: metricColumns.count) }
        let values: [Double?] = [
            m.totalReturn, m.cagr, m.sharpe, m.sortino, m.calmar, Objective.returnOverDrawdown(m), m.maxDrawdown, Double(m.trades), m.winRate,
            m.profitFactor, m.avgTrade, m.exposure, m.fees, m.equityFinal, m.buyAndHoldReturn,
        ]
        return values.map { $0.map(JSON.number) ?? "" }.map { $0 == "null" ? "" : $0 }
    }

    /// leaderboard.csv: one row per scenario, every metric; no wall times, so a re-run reproduces it byte for byte.
    public func csv() -> String {
        let header = ["rank", "symbol", "period", "costs"] + parameterNames + ["objective", rule.objective.rawValue, "excluded"]
            + Self.metricColumns + ["orders", "rejected", "bars", "run_id", "scenario_key", "error"]
        var lines = [header.joined(separator: ",")]
        for row in rows {
            let scenario = row.outcome.scenario
            let params = parameterNames.map { scenario.params[$0].map { Scenario.json($0) } ?? "" }
            let fields = [row.rank.map(String.init) ?? "", scenario.symbol, scenario.period.name, scenario.costs.name] + params
                + [rule.objective.rawValue, row.objective.map(JSON.number) ?? "", row.excluded ?? ""] + Self.metricValues(row.outcome.metrics)
                + [String(row.outcome.orders), String(row.outcome.rejected), String(row.outcome.bars), row.outcome.runID ?? "", scenario.key, row.outcome.error ?? ""]
            lines.append(fields.map(Self.field).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// RFC 4180 quoting where needed.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
