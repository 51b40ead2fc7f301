public import SparkCore

/// An order as the engine is about to submit it, with what the strategy literally asked for.
///
/// The engine rounds quantities and prices onto the instrument grid; the raw request lets an
/// instrument-conformance rule refuse off-grid values instead of silently accepting the rounding.
public struct OrderIntent: Sendable {
    public var order: Order
    public var requestedQuantity: Double
    public var requestedPrice: Double?
    /// Set only by the engine for an operator's flatten (``ControlEvent/flatten(by:reason:)``); a
    /// strategy has no way to set it, whatever tag it gives its orders.
    public var isFlatten: Bool

    public init(order: Order, requestedQuantity: Double, requestedPrice: Double?, isFlatten: Bool = false) {
        self.order = order
        self.requestedQuantity = requestedQuantity
        self.requestedPrice = requestedPrice
        self.isFlatten = isFlatten
    }
}
