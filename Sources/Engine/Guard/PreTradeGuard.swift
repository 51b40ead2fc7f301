/// The pre-trade controls every strategy order passes before it reaches a venue, in every mode.
///
/// The engine calls the guard on its own isolation domain: ``check(_:account:)`` for each order that
/// passed the engine's own validation, ``observe(now:equity:lastPriceTime:closed:)`` after each bar, fill and timer, and
/// ``control(_:account:)`` for operator actions (kill switch, manual breaker resets). The guard
/// decides; the engine books what it decided, so replay sees the same decisions.
public protocol PreTradeGuard: AnyObject {
    /// The trading state the breakers and kill switch leave the account in.
    var mode: TradingMode { get }
    /// Allows or rejects one order.
    func check(_ intent: OrderIntent, account: AccountView) -> GuardVerdict
    /// Re-evaluates the breakers after an event; `closed` are the trades closed by that event.
    ///
    /// Called once per bar, so it takes only what breakers read rather than a whole ``AccountView``.
    func observe(now: Int64, equity: Double, lastPriceTime: [Int64], closed: ArraySlice<Portfolio.ClosedLot>) -> [BreakerTransition]
    /// Applies an operator action.
    func control(_ event: ControlEvent, account: AccountView) -> [BreakerTransition]
}
