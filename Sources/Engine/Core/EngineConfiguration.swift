public import SparkCore

/// The engine's settings for one run; everything that can change a result is in here or in the events.
public struct EngineConfiguration: Sendable, Equatable {
    public var initialCash: Money
    /// Orders one callback may submit before further ones are rejected as a flood.
    public var maxOrdersPerCallback: Int
    /// Resting orders the strategy may hold at once.
    public var maxOpenOrders: Int

    public init(initialCash: Money, maxOrdersPerCallback: Int = 100, maxOpenOrders: Int = 500) {
        self.initialCash = initialCash
        self.maxOrdersPerCallback = maxOrdersPerCallback
        self.maxOpenOrders = maxOpenOrders
    }
}
