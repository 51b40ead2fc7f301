import Engine
import SparkCore

/// An order the strategy asked for and what the guardrails said: the unit `policy whatif` compares.
public struct OrderVerdict: Sendable, Equatable {
    public var time: Int64
    public var symbol: String
    public var side: String
    public var type: String
    public var qty: String
    public var price: String?
    /// Nil when allowed; else the rule id (`engine` for the engine's own validation).
    public var rule: String?
    public var reason: String?

    /// What identifies the order across two runs: when, what and how much.
    public var key: String { "\(time)|\(symbol)|\(side)|\(type)|\(qty)|\(price ?? "-")" }

    /// The verdicts on the strategy's own orders in `records`, in order.
    public static func collect(_ records: [DecisionRecord]) -> [OrderVerdict] {
        records.compactMap { record in
            guard record.isOrderDecision, record.origin == OrderOrigin.strategy.rawValue else { return nil }
            let refused = record.kind == "rejected"
            let reason: String? = switch (refused, record.rule) {
            case (false, _): nil
            case (true, "engine"): record.reason
            case (true, _): "\(record.code ?? ""): \(record.reason ?? "")"
            }
            return OrderVerdict(
                time: record.time ?? 0, symbol: record.symbol ?? "", side: record.side ?? "", type: record.orderType ?? "",
                qty: record.qty ?? "", price: record.price ?? record.trigger, rule: refused ? record.rule : nil, reason: reason
            )
        }
    }
}
