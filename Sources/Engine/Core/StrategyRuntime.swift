public import SparkCore

/// The engine's view of a strategy: callbacks it makes, in event order, from one isolation domain.
///
/// The Lua host implements this; tests implement it in Swift. A thrown ``StrategyFailure`` halts the
/// strategy: the engine makes no further callbacks and cancels its resting orders.
public protocol StrategyRuntime: AnyObject {
    func start(engine: Engine) throws(StrategyFailure)
    func bar(_ bar: Bar) throws(StrategyFailure)
    func fill(_ fill: Fill, order: Order) throws(StrategyFailure)
    /// An order ended without (fully) filling: cancelled or rejected.
    func orderEnded(_ order: Order) throws(StrategyFailure)
    func stop() throws(StrategyFailure)
}
