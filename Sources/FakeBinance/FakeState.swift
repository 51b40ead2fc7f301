/// A snapshot of the fake venue's truth, for tests' invariant checks.
public struct FakeState: Sendable {
    /// Every order ever accepted, by order id.
    public var orders: [FakeOrder]
    /// Every trade, once each, in id order.
    public var trades: [FakeTrade]
    /// Balances of every account.
    public var balances: [FakeBalance]
    /// Every request received, in arrival order.
    public var requests: [FakeRequestRecord]
    /// The fake's current time (ms).
    public var nowMs: Int64
    /// Until when (ms) the fake refuses requests with 429 (0 when not limited).
    public var retryAfterUntilMs: Int64
    /// Until when (ms) the fake bans (418) the client (0 when not banned).
    public var bannedUntilMs: Int64

    /// Open orders (NEW or PARTIALLY_FILLED).
    public var openOrders: [FakeOrder] { orders.filter(\.isOpen) }

    /// Orders per client order id, for "at most one venue order per intent".
    public func orders(clientOrderId: String) -> [FakeOrder] { orders.filter { $0.clientOrderId == clientOrderId } }

    /// Requests received while a Retry-After or ban window was running (a client that honours Retry-After sends none).
    public var refusedRequests: [FakeRequestRecord] { requests.filter(\.refused) }
}
