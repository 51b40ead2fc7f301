/// A breaker (or the kill switch) changing state: a trip, an untrip, or a manual reset.
public struct BreakerTransition: Sendable, Equatable {
    /// The breaker's id, or `kill-switch`.
    public var breaker: String
    public var from: TradingMode
    public var to: TradingMode
    /// Why: the condition and its value at the trip, or the reset rule that released it.
    public var reason: String
    /// Event time, ms since the epoch.
    public var time: Int64

    public init(breaker: String, from: TradingMode, to: TradingMode, reason: String, time: Int64) {
        self.breaker = breaker
        self.from = from
        self.to = to
        self.reason = reason
        self.time = time
    }

    /// True when the breaker moved to a more restrictive state.
    public var isTrip: Bool { to > from }
}
