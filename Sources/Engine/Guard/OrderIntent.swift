public import SparkCore

/// An order as the engine is about to submit it, with what the strategy literally asked for.
///
/// The engine rounds quantities and prices onto the instrument grid; the raw request lets an
/// instrument-conformance rule refuse off-grid values instead of silently accepting the rounding.
public struct OrderIntent: Sendable {
    public var order: Order
    public var requestedQuantity: Double
    public var requestedPrice: Double?

    public init(order: Order, requestedQuantity: Double, requestedPrice: Double?) {
        self.order = order
        self.requestedQuantity = requestedQuantity
        self.requestedPrice = requestedPrice
    }
}
