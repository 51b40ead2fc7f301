/// One event of the user-data stream, in exchange order.
public enum UserStreamEvent: Sendable, Equatable {
    /// The subscription is live; events from here on are complete until a ``disconnected(reason:)``.
    case subscribed
    /// An `executionReport`: the order's new state; `report.fills` holds the trade of this event, if any.
    case execution(OrderReport, eventTime: Int64)
    /// An `outboundAccountPosition`: balances of the assets that changed.
    case balances([AssetBalance], eventTime: Int64)
    /// The stream was lost; events may have been missed (reconcile before trusting state again).
    case disconnected(reason: String)
}
