/// Why the engine refused an order before it reached a venue.
public struct OrderRejection: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Codable {
        case halted, flood, invalidQuantity = "invalid_quantity", invalidPrice = "invalid_price"
        case unknownSymbol = "unknown_symbol", belowMinimum = "below_minimum", tooManyOpenOrders = "too_many_open_orders"
        /// A quantity or price beyond the instrument's fixed-point range (``Instrument/maxUnits``).
        case tooLarge = "too_large"
        /// Fields that do not fit the order's kind or each other (time in force, post-only, a list's legs).
        case invalidTerms = "invalid_terms"
        /// Refused by a guardrail rule; the message names the rule.
        case guardrail
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
