public import Binance

/// A gateway call the venue wants made; the session makes it and journals the answer as an input.
public enum GatewayRequest: Sendable, Equatable {
    case place(NewOrder)
    case placeList(NewOrderList)
    case cancel(symbol: String, clientID: String)
    case query(symbol: String, clientID: String)
    case trades(symbol: String, fromID: Int64?)
    case verifyOpenOrders(symbol: String)
    /// Re-sync the clock with the exchange's (after a `-1021`, or while the offset is beyond tolerance).
    case syncClock
    /// Run a whole reconciliation (after a stream gap, or a failed one on a later tick).
    case reconcile
}
