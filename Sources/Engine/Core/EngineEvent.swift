public import SparkCore

/// An input to the engine. Drivers turn market data, venue reports and time into these.
public enum EngineEvent: Sendable, Equatable {
    case bar(Bar)
    case fill(Fill)
    case orderUpdate(OrderUpdate)
    case timer(Int64)
    /// An operator action: kill switch, manual breaker reset.
    case control(ControlEvent)
}

/// A venue's word on an order that is not a fill: accepted as resting, cancelled or rejected.
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

/// An output of the engine, for the driver to route to a venue.
public enum EngineCommand: Sendable, Equatable {
    case submit(Order)
    case cancel(OrderID)
}
