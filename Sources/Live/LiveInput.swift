public import Binance

/// One input of a live session, in the order the sequencer journals and applies it.
public enum LiveInput: Sendable, Equatable, Codable {
    /// A closed bar from the market feed.
    case bar(LiveBar)
    /// The answer to placing the order (or list) named by `clientID`.
    case placed(clientID: String, outcome: GatewayOutcome)
    /// The answer to cancelling `clientID`.
    case cancelled(clientID: String, outcome: GatewayOutcome)
    /// The answer to querying `clientID` (an UNKNOWN order, or one reported FILLED without its trades).
    case queried(clientID: String, outcome: GatewayOutcome)
    /// `myTrades` since a trade id, to catch up fills a report announced but did not carry.
    case trades(trades: [TradeReport], failure: RecordedError?)
    /// A user-data stream event.
    case stream(StreamRecord)
    /// The injected clock's tick: breakers, re-queries of UNKNOWN orders, emulated expiries.
    case timer(time: Int64)
    /// An operator command.
    case control(LiveControl)
    /// The account adopted as the starting portfolio at the first start.
    case adopt(account: AccountSnapshot)
    /// What reconciliation read.
    case reconcile(ReconcileSnapshot)
    /// `openOrders` after a level-2 kill cancelled everything.
    case verified(openOrders: [OrderReport], failure: RecordedError?)
    /// The exchange's time against the local clock (`GET /api/v3/time`).
    case serverTime(server: Int64, local: Int64)
}
