public import SparkCore

/// Something the engine decided or booked; the ordered list of these is what parity compares.
public enum Decision: Sendable, Equatable {
    case submitted(Order)
    case rejected(Order)
    case cancelRequested(OrderID, time: Int64)
    case ended(OrderUpdate)
    case filled(Fill)
    case strategyFailed(StrategyFailure, eventIndex: Int)
    /// Refused by a guardrail rule before reaching the venue.
    case guardRejected(Order, GuardRejection)
    /// The venue could not say whether a submit or cancel took effect; the order stays open.
    case unknown(OrderID, command: VenueEvent.UnknownCommand, time: Int64)
    /// A breaker or the kill switch changed the trading mode.
    case breaker(BreakerTransition)
}
