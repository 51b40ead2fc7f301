/// What the live venue needs from an exchange account, as async calls with definite or unknown outcomes.
///
/// `BinanceNet` implements it over Binance's REST and WebSocket APIs; tests implement it in memory.
/// Every call either returns what the exchange answered or throws a ``GatewayError`` whose
/// ``GatewayError/Kind`` says whether the request may have taken effect: the live venue never
/// resubmits an order whose outcome is ``GatewayError/Kind/unknownOutcome``, it queries it.
public protocol ExchangeGateway: Sendable {
    /// The exchange's time in epoch milliseconds (`GET /api/v3/time`).
    func serverTime() async throws(GatewayError) -> Int64
    /// Trading rules and rate limits for `symbols` (`GET /api/v3/exchangeInfo`).
    func exchangeInfo(symbols: [String]) async throws(GatewayError) -> ExchangeInfo
    /// Places one order (`POST /api/v3/order`, `newOrderRespType=FULL`); the report carries its fills so far.
    func place(_ order: NewOrder) async throws(GatewayError) -> OrderReport
    /// Places an OCO or OTOCO list (`POST /api/v3/orderList/oco`, `/orderList/otoco`).
    func placeList(_ list: NewOrderList) async throws(GatewayError) -> [OrderReport]
    /// Cancels one order by its client id (`DELETE /api/v3/order`).
    func cancel(symbol: String, clientOrderID: String) async throws(GatewayError) -> OrderReport
    /// Looks an order up by its client id (`GET /api/v3/order`); ``GatewayError/Kind/unknownOrder`` when
    /// the exchange has no such order (`-2013`).
    func query(symbol: String, clientOrderID: String) async throws(GatewayError) -> OrderReport
    /// The account's open orders on `symbol` (`GET /api/v3/openOrders`).
    func openOrders(symbol: String) async throws(GatewayError) -> [OrderReport]
    /// The account's trades on `symbol` with trade id ≥ `fromID` (`GET /api/v3/myTrades`), oldest first.
    func trades(symbol: String, fromID: Int64?) async throws(GatewayError) -> [TradeReport]
    /// Balances per asset (`GET /api/v3/account`).
    func account() async throws(GatewayError) -> AccountSnapshot
    /// Opens the user-data stream (WebSocket API `userDataStream.subscribe`); events arrive in exchange
    /// order, with ``UserStreamEvent/subscribed`` first and ``UserStreamEvent/disconnected(reason:)`` on
    /// any loss, after which nothing more arrives until the stream is opened again.
    func userEvents() async throws(GatewayError) -> AsyncStream<UserStreamEvent>
}
