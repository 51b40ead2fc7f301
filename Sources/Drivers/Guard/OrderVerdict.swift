public import Engine
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

    /// The verdicts on the strategy's own orders in `decisions`, in order.
    public static func collect(_ decisions: [Decision]) -> [OrderVerdict] {
        decisions.compactMap(OrderVerdict.init)
    }
}

extension OrderVerdict {
    /// The verdict `decision` records on one of the strategy's own orders; nil for any other decision.
    public init?(_ decision: Decision) {
        guard let subject = decision.subject else { return nil }
        let order: Order
        var rule: String?, reason: String?
        switch decision.event {
        case .submitted(let submitted) where submitted.origin == .strategy:
            order = submitted
        case .rejected(let rejected):
            (order, rule, reason) = (rejected, "engine", rejected.reason)
        case .guardRejected(let rejected, let rejection):
            (order, rule, reason) = (rejected, rejection.rule, "\(rejection.code): \(rejection.message)")
        default:
            return nil
        }
        self.init(
            time: order.createdAt, symbol: subject.symbol, side: order.side.rawValue, type: order.kind.rawValue, qty: subject.format(order.quantity),
            price: (order.price ?? order.trigger).map(subject.format), rule: rule, reason: reason
        )
    }
}
