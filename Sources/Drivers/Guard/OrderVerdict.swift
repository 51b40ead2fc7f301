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

    /// The verdicts in `decisions`, in order.
    public static func collect(_ decisions: [Decision], engine: Engine) -> [OrderVerdict] {
        decisions.compactMap { decision in
            let order: Order
            var rule: String?
            var reason: String?
            switch decision {
            case .submitted(let submitted) where submitted.origin == .strategy: order = submitted
            case .rejected(let rejected):
                order = rejected
                rule = "engine"
                reason = rejected.reason
            case .guardRejected(let rejected, let rejection):
                order = rejected
                rule = rejection.rule
                reason = "\(rejection.code): \(rejection.message)"
            default: return nil
            }
            let instrument = engine.instruments[Int(order.symbol.rawValue)]
            return OrderVerdict(
                time: order.createdAt, symbol: engine.symbols.name(of: order.symbol), side: order.side.rawValue, type: order.kind.rawValue,
                qty: instrument.format(order.quantity), price: order.price.map { instrument.format($0) }, rule: rule, reason: reason
            )
        }
    }
}
