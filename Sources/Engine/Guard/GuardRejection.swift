/// Why a guardrail rule refused an order: the rule's id, a stable reason code, and a sentence.
public struct GuardRejection: Sendable, Equatable, CustomStringConvertible {
    /// The id of the rule (or breaker, or `kill-switch`) that refused the order.
    public var rule: String
    /// A stable, machine-readable reason such as `max_order_notional` or `stale_reference`.
    public var code: String
    public var message: String

    public init(rule: String, code: String, message: String) {
        self.rule = rule
        self.code = code
        self.message = message
    }

    public var description: String { "\(rule) (\(code)): \(message)" }
}
