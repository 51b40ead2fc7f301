public import Binance

/// What reconciliation read from the exchange, in one journaled record: open orders on the traded
/// symbol, balances, an answer per local non-terminal order and the trades since the last journaled fill.
public struct ReconcileSnapshot: Sendable, Equatable, Codable {
    public var openOrders: [OrderReport]
    public var account: AccountSnapshot?
    /// Client id → the query's answer.
    public var queries: [String: GatewayOutcome]
    public var trades: [TradeReport]
    /// Why the snapshot is incomplete (a call failed); nil when every call answered.
    public var failure: String?

    public init(openOrders: [OrderReport], account: AccountSnapshot?, queries: [String: GatewayOutcome], trades: [TradeReport], failure: String?) {
        self.openOrders = openOrders
        self.account = account
        self.queries = queries
        self.trades = trades
        self.failure = failure
    }
}
