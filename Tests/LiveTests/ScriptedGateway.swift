import Foundation
import Binance

/// An in-memory exchange for one symbol (BTCUSDT): orders rest or fill as the test says, and
/// scripted faults make answers get lost, arrive as errors, or come twice.
actor ScriptedGateway: ExchangeGateway {
    /// What the next place call does.
    enum PlaceFault: Sendable { case lostResponse, lostRequest, reject(Int), banned(until: Int64) }

    static let rules = SymbolRules(
        symbol: "BTCUSDT", status: "TRADING", baseAsset: "BTC", quoteAsset: "USDT",
        orderTypes: [.limit, .limitMaker, .market, .stopLoss, .stopLossLimit, .takeProfit, .takeProfitLimit],
        tickSize: "0.01", minPrice: "0.01", maxPrice: "1000000", stepSize: "0.00001", minQty: "0.00001", maxQty: "9000", minNotional: "1"
    )

    let clock: ManualClock
    /// The symbol's rules exchangeInfo answers with.
    var rules = ScriptedGateway.rules
    /// The exchange's time: the test's clock.
    var time: Int64 { clock.now() }
    var clockSkew: Int64 = 0
    /// Market orders fill at this price.
    var price = "100.00"
    var balances: [String: Decimal] = ["BTC": 0, "USDT": 10_000]
    private(set) var orders: [String: OrderReport] = [:]
    private(set) var trades: [TradeReport] = []
    private(set) var placeCalls: [NewOrder] = []
    private(set) var cancelCalls: [String] = []
    private(set) var queryCalls: [String] = []
    private(set) var calls: [String] = []
    /// Places made without the intent already in the journal file.
    var placedWithoutIntent: [String] = []
    var faults: [PlaceFault] = []
    /// What the next cancel calls do (lostRequest: not cancelled, the outcome unknown).
    var cancelFaults: [PlaceFault] = []
    var journalPath: String?
    private var nextOrderID: Int64 = 1
    private var nextTradeID: Int64 = 1
    var continuation: AsyncStream<UserStreamEvent>.Continuation?

    func set(price: String) { self.price = price }
    func set(faults: [PlaceFault]) { self.faults = faults }
    func set(cancelFaults: [PlaceFault]) { self.cancelFaults = cancelFaults }
    func set(journalPath: String) { self.journalPath = journalPath }
    func set(skew: Int64) { clockSkew = skew }
    func set(rules: SymbolRules) { self.rules = rules }
    func set(balance asset: String, to value: Decimal) { balances[asset] = value }

    init(clock: ManualClock) { self.clock = clock }

    func takeOrderID() -> Int64 {
        defer { nextOrderID += 1 }
        return nextOrderID
    }

    func takeTradeID() -> Int64 {
        defer { nextTradeID += 1 }
        return nextTradeID
    }

    func store(_ report: OrderReport) { orders[report.clientOrderID] = report }
    func recordTrade(_ trade: TradeReport) { trades.append(trade) }

    func serverTime() async throws(GatewayError) -> Int64 { time + clockSkew }

    func exchangeInfo(symbols: [String]) async throws(GatewayError) -> ExchangeInfo {
        ExchangeInfo(serverTime: time, rateLimits: [RateLimitRule(type: .orders, interval: .second, intervalNum: 10, limit: 100)], symbols: [rules])
    }

    func place(_ order: NewOrder) async throws(GatewayError) -> OrderReport {
        calls.append("place \(order.clientOrderID)")
        placeCalls.append(order)
        checkIntent(order.clientOrderID)
        let fault = faults.isEmpty ? nil : faults.removeFirst()
        switch fault {
        case .lostRequest: throw GatewayError(.unknownOutcome, code: -1007, message: "Timeout waiting for response from backend server.", httpStatus: 408)
        case .reject(let code): throw GatewayError(.rejected, code: code, message: "Account has insufficient balance for requested action.", httpStatus: 400)
        case .banned(let until): throw GatewayError(.banned(until: until), code: -1003, message: "Way too many requests; IP banned.", httpStatus: 418)
        case .lostResponse, nil: break
        }
        var report = accept(order)
        if order.type == .market { report = match(order.clientOrderID, qty: order.quantity, price: price, status: .filled) }
        if case .lostResponse = fault { throw GatewayError(.unknownOutcome, message: "the response was lost", httpStatus: 504) }
        return report
    }

    func placeList(_ list: NewOrderList) async throws(GatewayError) -> [OrderReport] {
        calls.append("placeList \(list.listClientOrderID)")
        checkIntent(list.listClientOrderID)
        return list.orders.map { accept($0) }
    }

    func cancel(symbol: String, clientOrderID: String) async throws(GatewayError) -> OrderReport {
        calls.append("cancel \(clientOrderID)")
        cancelCalls.append(clientOrderID)
        if case .lostRequest = cancelFaults.isEmpty ? nil : cancelFaults.removeFirst() {
            throw GatewayError(.unknownOutcome, code: -1007, message: "Timeout waiting for response from backend server.", httpStatus: 408)
        }
        guard var report = orders[clientOrderID], !report.status.isTerminal else {
            throw GatewayError(.unknownOrder, code: -2011, message: "Unknown order sent.", httpStatus: 400)
        }
        report.status = .canceled
        report.fills = []
        orders[clientOrderID] = report
        return report
    }

    func query(symbol: String, clientOrderID: String) async throws(GatewayError) -> OrderReport {
        calls.append("query \(clientOrderID)")
        queryCalls.append(clientOrderID)
        guard var report = orders[clientOrderID] else { throw GatewayError(.unknownOrder, code: -2013, message: "Order does not exist.", httpStatus: 400) }
        report.fills = []
        return report
    }

    func openOrders(symbol: String) async throws(GatewayError) -> [OrderReport] {
        calls.append("openOrders")
        return orders.values.filter { !$0.status.isTerminal }.sorted { $0.orderID < $1.orderID }.map { var report = $0; report.fills = []; return report }
    }

    func trades(symbol: String, fromID: Int64?) async throws(GatewayError) -> [TradeReport] {
        calls.append("myTrades \(fromID.map(String.init) ?? "-")")
        return trades.filter { $0.tradeID >= (fromID ?? 0) }.map { var trade = $0; trade.clientOrderID = nil; return trade }
    }

    func account() async throws(GatewayError) -> AccountSnapshot {
        calls.append("account")
        return AccountSnapshot(balances: balances.keys.sorted().map { AssetBalance(asset: $0, free: "\(balances[$0]!)", locked: "0") }, updateTime: time)
    }

    func userEvents() async throws(GatewayError) -> AsyncStream<UserStreamEvent> {
        calls.append("subscribe")
        let (stream, continuation) = AsyncStream<UserStreamEvent>.makeStream()
        self.continuation = continuation
        return stream
    }
}
