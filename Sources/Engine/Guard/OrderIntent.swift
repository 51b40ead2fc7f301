public import SparkCore

/// An order as the engine is about to submit it: already on the instrument's grid, so the guard
/// checks (and the decision log records) exactly what the venue will receive.
public struct OrderIntent: Sendable {
    public var order: Order

    public init(order: Order) {
        self.order = order
    }

    /// Whether this is an operator's flatten (``ControlEvent/flatten(by:reason:)``): only the engine
    /// makes risk orders; a strategy has no way to, whatever tag it gives its orders.
    public var isFlatten: Bool { order.origin == .risk }
}
