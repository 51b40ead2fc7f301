public import SparkCore

/// An input to the engine. Drivers turn market data, venue reports and time into these.
public enum EngineEvent: Sendable, Equatable {
    case bar(Bar)
    /// A venue's report: accepted, filled, cancelled, expired, rejected or unknown.
    case venue(VenueEvent)
    case timer(Int64)
    /// An operator action: kill switch, manual breaker reset.
    case control(ControlEvent)
}

/// How an order ended without filling completely, as a decision records it.
public struct OrderUpdate: Sendable, Equatable {
    public var orderID: OrderID
    public var status: OrderStatus
    public var reason: String?
    public var time: Int64

    public init(orderID: OrderID, status: OrderStatus, reason: String?, time: Int64) {
        self.orderID = orderID
        self.status = status
        self.reason = reason
        self.time = time
    }
}
