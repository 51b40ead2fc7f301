import Binance
import Testing

@Suite struct BinanceJSONTests {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func aFullOrderAnswerCarriesItsFills() throws {
        let order = try BinanceJSON.order(bytes(BinanceJSONFixtures.fullOrder))
        #expect(order.orderID == 28)
        #expect(order.clientOrderID == "sk1-acct1-0-1-o0")
        #expect(order.status == .filled && order.type == .market && order.side == .sell)
        #expect(order.executedQty == "10.00000000" && order.cumulativeQuoteQty == "10.00000000")
        #expect(order.orderListID == -1)
        #expect(order.updateTime == 1_507_725_176_595)
        #expect(order.stopPrice == nil)
        #expect(order.fills == [TradeReport(
            symbol: "BTCUSDT", tradeID: 56, orderID: 28, clientOrderID: "sk1-acct1-0-1-o0", price: "4000.00000000", qty: "1.00000000",
            quoteQty: "4000", commission: "4.00000000", commissionAsset: "USDT", time: 1_507_725_176_595, isBuyer: false, isMaker: false)])
    }

    @Test func aQueriedOrderUsesUpdateTimeAndKeepsItsStopPrice() throws {
        let order = try BinanceJSON.order(bytes(BinanceJSONFixtures.queriedOrder))
        #expect(order.status == .partiallyFilled && order.type == .stopLossLimit && order.side == .buy)
        #expect(order.updateTime == 1_499_827_319_999)
        #expect(order.stopPrice == "29900.00")
        #expect(order.fills.isEmpty)
        let list = try BinanceJSON.orders(bytes("[" + BinanceJSONFixtures.queriedOrder + "," + BinanceJSONFixtures.fullOrder + "]"))
        #expect(list.map(\.orderID) == [29, 28])
        let oco = try BinanceJSON.orderList(bytes(#"{"orderListId": 1, "orderReports": ["# + BinanceJSONFixtures.queriedOrder + "]}"))
        #expect(oco.count == 1)
    }

    @Test func tradesAccountAndTimeParse() throws {
        let trades = try BinanceJSON.trades(bytes(BinanceJSONFixtures.trades))
        #expect(trades == [TradeReport(
            symbol: "BTCUSDT", tradeID: 28457, orderID: 100_234, price: "4.00000100", qty: "12.00000000", quoteQty: "48.000012",
            commission: "10.10000000", commissionAsset: "BNB", time: 1_499_865_549_590, isBuyer: true, isMaker: false)])
        let account = try BinanceJSON.account(bytes(BinanceJSONFixtures.account))
        #expect(account.canTrade && account.updateTime == 123_456_789)
        #expect(account.balance("USDT") == AssetBalance(asset: "USDT", free: "1000.5", locked: "20"))
        #expect(try BinanceJSON.serverTime(bytes(#"{"serverTime": 1499827319559}"#)) == 1_499_827_319_559)
        #expect(BinanceJSON.error(bytes(#"{"code": -2010, "msg": "Account has insufficient balance for requested action."}"#))?.code == -2010)
        #expect(BinanceJSON.error(bytes("<html>")) == nil)
    }

    @Test func exchangeInfoReadsRateLimitsAndEveryFilter() throws {
        let info = try BinanceJSON.exchangeInfo(bytes(BinanceJSONFixtures.exchangeInfo))
        #expect(info.serverTime == 1_565_246_363_776)
        #expect(info.rateLimits == [
            RateLimitRule(type: .requestWeight, interval: .minute, intervalNum: 1, limit: 6000),
            RateLimitRule(type: .orders, interval: .second, intervalNum: 10, limit: 100),
            RateLimitRule(type: .orders, interval: .day, intervalNum: 1, limit: 200_000),
        ])
        let rules = try #require(info.rules(for: "BTCUSDT"))
        #expect(rules.acceptsNewOrders && rules.ocoAllowed && rules.otocoAllowed)
        #expect(rules.orderTypes.count == 7)
        #expect(rules.tickSize == "0.01" && rules.minPrice == "0.01" && rules.maxPrice == "1000000.00")
        #expect(rules.stepSize == "0.00001" && rules.minQty == "0.00001" && rules.maxQty == "9000.0")
        #expect(rules.marketMaxQty == "100")
        #expect(rules.minNotional == "5.0" && rules.maxNotional == "9000000.0" && rules.applyMinToMarket)
        #expect(rules.percentPrice == PercentPriceBySide(bidMultiplierUp: "5", bidMultiplierDown: "0.2", askMultiplierUp: "5", askMultiplierDown: "0.2"))
        #expect(rules.maxNumOrders == 200 && rules.maxNumAlgoOrders == 5 && rules.otoAllowed == true)
    }

    @Test func theOlderPercentPriceFilterIsReadWithTheSameMultipliersOnBothSides() throws {
        let text = BinanceJSONFixtures.exchangeInfo
            .replacingOccurrences(of: #""PERCENT_PRICE_BY_SIDE", "bidMultiplierUp": "5","#, with: #""PERCENT_PRICE", "multiplierUp": "1.3","#)
            .replacingOccurrences(of: #""bidMultiplierDown": "0.2", "askMultiplierUp": "5", "askMultiplierDown": "0.2""#, with: #""multiplierDown": "0.7""#)
        let rules = try #require(try BinanceJSON.exchangeInfo(bytes(text)).rules(for: "BTCUSDT"))
        #expect(rules.percentPrice == PercentPriceBySide(bidMultiplierUp: "1.3", bidMultiplierDown: "0.7", askMultiplierUp: "1.3", askMultiplierDown: "0.7", filterType: "PERCENT_PRICE"))
        #expect(rules.percentPrice?.name == "PERCENT_PRICE")
    }

    @Test func aTradeExecutionReportCarriesTheLastTrade() throws {
        let frame = try BinanceJSON.webSocketFrame(bytes(BinanceJSONFixtures.executionReport(x: "TRADE", status: "PARTIALLY_FILLED")))
        guard case .event(.execution(let report, let eventTime)?) = frame else { Issue.record("not an execution: \(frame)"); return }
        #expect(eventTime == 1_499_405_658_658)
        #expect(report.status == .partiallyFilled && report.executedQty == "0.40000000" && report.cumulativeQuoteQty == "0.04105764")
        #expect(report.stopPrice == nil && report.orderListID == -1 && report.updateTime == 1_499_405_658_657)
        #expect(report.fills == [TradeReport(
            symbol: "BTCUSDT", tradeID: 77, orderID: 4_293_153, clientOrderID: "sk1-acct1-0-2-o0", price: "0.10264410", qty: "0.40000000",
            quoteQty: "0.04105764", commission: "0.00004000", commissionAsset: "BNB", time: 1_499_405_658_657, isBuyer: true, isMaker: true)])
    }

    @Test func aNewReportHasNoFillAndACancelUsesTheOriginalClientID() throws {
        let new = try BinanceJSON.webSocketFrame(bytes(BinanceJSONFixtures.executionReport(x: "NEW", status: "NEW")))
        guard case .event(.execution(let report, _)?) = new else { Issue.record("not an execution"); return }
        #expect(report.fills.isEmpty && report.status == .new)
        let cancel = try BinanceJSON.webSocketFrame(bytes(BinanceJSONFixtures.executionReport(
            x: "CANCELED", status: "CANCELED", c: "cancelAbc", bigC: "sk1-acct1-0-2-o0")))
        guard case .event(.execution(let canceled, _)?) = cancel else { Issue.record("not an execution"); return }
        #expect(canceled.clientOrderID == "sk1-acct1-0-2-o0" && canceled.status == .canceled)
    }

    @Test func balancesTerminationAndAnswersParse() throws {
        #expect(try BinanceJSON.webSocketFrame(bytes(BinanceJSONFixtures.accountPosition))
            == .event(.balances([AssetBalance(asset: "ETH", free: "10000.000000", locked: "0.000000")], eventTime: 1_564_034_571_105)))
        guard case .event(.disconnected?) = try BinanceJSON.webSocketFrame(bytes(BinanceJSONFixtures.terminated)) else {
            Issue.record("eventStreamTerminated is not a disconnection"); return
        }
        #expect(try BinanceJSON.webSocketFrame(bytes(#"{"subscriptionId": 0, "event": {"e": "balanceUpdate", "E": 1}}"#)) == .event(nil))
        #expect(try BinanceJSON.webSocketFrame(bytes(#"{"id": "a", "status": 200, "result": {"subscriptionId": 0}}"#))
            == .answer(id: "a", status: 200, error: nil))
        #expect(try BinanceJSON.webSocketFrame(bytes(#"{"id": "b", "status": 429, "error": {"code": -1003, "msg": "x", "data": {"retryAfter": 99}}}"#))
            == .answer(id: "b", status: 429, error: WebSocketAPIError(code: -1003, message: "x", retryAfter: 99)))
    }

    @Test func errorsNameTheWrongField() {
        let missing = BinanceJSONFixtures.fullOrder.replacingOccurrences(of: #""status": "FILLED","#, with: "")
        #expect(throws: GatewayError(.malformed, message: "order: field \"status\" is missing")) { try BinanceJSON.order(bytes(missing)) }
        let wrongType = BinanceJSONFixtures.fullOrder.replacingOccurrences(of: #""orderId": 28"#, with: #""orderId": "28""#)
        #expect(throws: GatewayError(.malformed, message: "order: field \"orderId\" is not an integer")) { try BinanceJSON.order(bytes(wrongType)) }
        let badFill = BinanceJSONFixtures.fullOrder.replacingOccurrences(of: #""tradeId": 56"#, with: #""tradeId": true"#)
        #expect(throws: GatewayError(.malformed, message: "order.fills[0]: field \"tradeId\" is not an integer")) { try BinanceJSON.order(bytes(badFill)) }
        let badStatus = BinanceJSONFixtures.fullOrder.replacingOccurrences(of: "FILLED", with: "WEIRD")
        #expect(throws: GatewayError(.malformed, message: "order: field \"status\" has an unknown value \"WEIRD\"")) { try BinanceJSON.order(bytes(badStatus)) }
        #expect(throws: GatewayError.self) { try BinanceJSON.exchangeInfo(bytes(#"{"serverTime": 1, "rateLimits": [], "symbols": [{"symbol": "X"}]}"#)) }
    }
}
