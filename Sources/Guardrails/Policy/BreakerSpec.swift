/// A circuit breaker: the condition that trips it, what it does, and how it resets.
public struct BreakerSpec: Sendable, Equatable {
    public var id: String
    public var condition: BreakerCondition
    /// `reduceOnly` or `halted`.
    public var action: TradingModeAction
    public var reset: BreakerReset
    public var description: String?

    public init(id: String, condition: BreakerCondition, action: TradingModeAction, reset: BreakerReset, description: String? = nil) {
        self.id = id
        self.condition = condition
        self.action = action
        self.reset = reset
        self.description = description
    }
}

/// What a tripped breaker does to trading.
public enum TradingModeAction: String, Sendable, Equatable, CaseIterable {
    case reduceOnly = "reduce_only"
    case halted
}
