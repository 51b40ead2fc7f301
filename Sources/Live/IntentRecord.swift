public import Binance

/// A write-ahead record: what Spark is about to ask the exchange, durable before the request is sent.
public struct IntentRecord: Sendable, Equatable, Codable {
    /// What the intent asks for.
    public enum Action: String, Sendable, Codable { case place, placeList = "place_list", cancel }
    public var action: Action
    /// The order's (or list's) client id.
    public var clientID: String
    /// The engine order id the intent carries out: the decision sequence in the client id.
    public var decision: Int64
    /// The approved param set and the guardrail policy in force, by hash.
    public var paramsHash: String
    public var policyHash: String
    /// The guard's verdict: "passed", "unguarded" or "risk order" (a flatten).
    public var verdict: String
    /// The order exactly as sent (symbol, side, type, TIF, quantity, price, timestamp, recvWindow).
    public var order: NewOrder?
    public var list: NewOrderList?

    /// An intent as the venue journals it before the request goes out.
    public init(
        action: Action, clientID: String, decision: Int64, paramsHash: String, policyHash: String, verdict: String, order: NewOrder? = nil,
        list: NewOrderList? = nil
    ) {
        self.action = action
        self.clientID = clientID
        self.decision = decision
        self.paramsHash = paramsHash
        self.policyHash = policyHash
        self.verdict = verdict
        self.order = order
        self.list = list
    }

    /// The intent without its request timestamps: what a replay must regenerate exactly.
    var decisionShape: IntentRecord {
        var copy = self
        copy.order?.timestamp = 0
        if var list = copy.list {
            list.orders = list.orders.map { leg in
                var leg = leg
                leg.timestamp = 0
                return leg
            }
            copy.list = list
        }
        return copy
    }
}
