public import Binance
public import SparkCore

/// One Spark order on the exchange, as the venue tracks it.
public struct LiveOrder: Sendable, Equatable {
    public let clientID: String
    /// The engine's order id (the decision sequence in the client id).
    public let engineID: OrderID
    /// The request as sent (or, for a held bracket exit, as it will be sent).
    public let request: NewOrder
    public let side: Side
    /// The order's quantity in instrument units.
    public let quantity: Int64
    public internal(set) var state: LiveOrderState
    public internal(set) var exchangeID: Int64?
    /// Quantity of the trades booked (gross of any base-asset fee), instrument units.
    public internal(set) var booked: Int64 = 0
    /// The highest cumulative quantity the exchange reported (`executedQty`); never decreases.
    public internal(set) var executed: Int64 = 0
    /// "Does not exist" answers while UNKNOWN.
    var unknownAnswers = 0
    var unknownSince: Int64?
    var lastQuery: Int64 = .min
    /// Whether the engine was told the order ended.
    var engineEnded = false
    var acceptedSent = false
    /// The state a cancel that turns out not to apply goes back to.
    var beforeCancel: LiveOrderState?
    /// Emulated GTD: the venue cancels it at this time and reports it expired.
    var expireAt: Int64?
    var expiring = false

    init(clientID: String, engineID: OrderID, request: NewOrder, side: Side, quantity: Int64, state: LiveOrderState) {
        self.clientID = clientID
        self.engineID = engineID
        self.request = request
        self.side = side
        self.quantity = quantity
        self.state = state
    }
}
