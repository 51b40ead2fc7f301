@testable import FakeBinance
import Foundation
import Testing

@Suite struct MatchingTests {
    static func request(
        _ side: String, _ type: String, _ qty: String, price: String = "0", stop: String = "0", tif: String = "GTC", trailing: Int? = nil, id: String
    ) -> FakeOrderRequest {
        FakeOrderRequest(
            symbol: "BTCUSDT", side: side, type: type, timeInForce: tif, quantity: Decimal(string: qty)!, price: Decimal(string: price)!,
            stopPrice: Decimal(string: stop)!, trailingDelta: trailing, clientOrderId: id
        )
    }

    static func place(_ server: FakeBinanceServer, _ request: FakeOrderRequest) async throws -> FakeOrder {
        try await server.exchange.place(request, apiKey: TestKeys.hmacKey)
    }

    static func balance(_ state: FakeState, _ asset: String) -> FakeBalance? {
        state.balances.first { $0.apiKey == TestKeys.hmacKey && $0.asset == asset }
    }

    @Test func aMarketOrderFillsAtTheLastPriceWithCommissionInQuote() async throws {
        let server = try await TestKeys.start()
        let order = try await Self.place(server, Self.request("BUY", "MARKET", "0.01", id: "m"))
        #expect(order.status == "FILLED")
        let state = await server.state()
        #expect(state.trades.map(\.price) == [30000])
        #expect(state.trades.first?.commission == 0.3)
        #expect(state.trades.first?.commissionAsset == "USDT")
        #expect(Self.balance(state, "USDT")?.free == Decimal(string: "9699.7")!)
        #expect(Self.balance(state, "BTC")?.free == Decimal(string: "1.01")!)
        await server.stop()
    }

    @Test func aFeeInBNBIsTakenFromBNBWhileTheAccountHoldsEnoughThenFromTheAssetReceived() async throws {
        var config = TestKeys.config()
        config.commissionAsset = "BNB"
        config.accounts[0].balances["BNB"] = Decimal(string: "0.4")!
        let server = try await FakeBinanceServer.start(config)
        _ = try await Self.place(server, Self.request("BUY", "MARKET", "0.01", id: "m1"))
        var state = await server.state()
        #expect(state.trades.last?.commissionAsset == "BNB" && state.trades.last?.commission == 0.3)
        #expect(Self.balance(state, "BNB")?.free == Decimal(string: "0.1")!)
        _ = try await Self.place(server, Self.request("BUY", "MARKET", "0.01", id: "m2"))
        state = await server.state()
        #expect(state.trades.last?.commissionAsset == "BTC", "0.1 BNB cannot pay 0.3: the fee comes from the BTC received")
        #expect(Self.balance(state, "BNB")?.free == Decimal(string: "0.1")!, "no balance goes negative")
        await server.stop()
    }

    @Test func aLimitRestsWithItsBalanceLockedAndFillsAtItsPriceAsMaker() async throws {
        let server = try await TestKeys.start()
        let order = try await Self.place(server, Self.request("BUY", "LIMIT", "0.01", price: "29500", id: "l"))
        #expect(order.status == "NEW")
        #expect(Self.balance(await server.state(), "USDT")?.locked == Decimal(string: "295.295")!)
        await server.bar(open: 30000, high: 30100, low: 29400, close: 29800)
        let state = await server.state()
        #expect(state.orders.first?.status == "FILLED")
        #expect(state.trades.first { $0.orderId == order.orderId }?.price == 29500)
        #expect(state.trades.first { $0.orderId == order.orderId }?.isMaker == true)
        #expect(Self.balance(state, "USDT")?.locked == 0)
        #expect(Self.balance(state, "USDT")?.free == Decimal(string: "9704.705")!)
        await server.stop()
    }

    @Test func stopsTriggerOnPriceMoves() async throws {
        let server = try await TestKeys.start()
        let stop = try await Self.place(server, Self.request("SELL", "STOP_LOSS", "0.01", stop: "29000", id: "sl"))
        let stopLimit = try await Self.place(server, Self.request("SELL", "STOP_LOSS_LIMIT", "0.01", price: "28900", stop: "29000", id: "sll"))
        let takeProfit = try await Self.place(server, Self.request("SELL", "TAKE_PROFIT", "0.01", stop: "31000", id: "tp"))
        let takeLimit = try await Self.place(server, Self.request("SELL", "TAKE_PROFIT_LIMIT", "0.01", price: "31000", stop: "31000", id: "tpl"))
        #expect([stop, stopLimit, takeProfit, takeLimit].allSatisfy { $0.status == "NEW" && !$0.isWorking })
        await server.setPrice(29500)
        #expect(await server.state().openOrders.count == 4)
        await server.setPrice(28950)
        var state = await server.state()
        #expect(state.orders.first { $0.clientOrderId == "sl" }?.status == "FILLED")
        #expect(state.orders.first { $0.clientOrderId == "sll" }?.status == "FILLED")
        await server.setPrice(31000)
        state = await server.state()
        #expect(state.orders.allSatisfy { $0.status == "FILLED" })
        #expect(state.trades.first { $0.orderId == takeLimit.orderId }?.price == 31000)
        await server.stop()
    }

    @Test func aStopThatWouldTriggerImmediatelyIsRejected() async throws {
        let server = try await TestKeys.start()
        await #expect(throws: FakeAPIError.self) { try await Self.place(server, Self.request("SELL", "STOP_LOSS", "0.01", stop: "30500", id: "x")) }
        await server.stop()
    }

    @Test func aTrailingStopFollowsTheHighAndTriggersOnTheRetrace() async throws {
        let server = try await TestKeys.start()
        _ = try await Self.place(server, Self.request("SELL", "STOP_LOSS", "0.01", trailing: 100, id: "trail"))
        await server.setPrice(31000)
        await server.setPrice(30800)
        #expect(await server.state().openOrders.count == 1)
        await server.setPrice(30690)
        let state = await server.state()
        #expect(state.orders.first?.status == "FILLED")
        #expect(state.trades.first?.price == 30690)
        await server.stop()
    }

    @Test func iocFillsPartlyThenExpiresWhenLiquidityIsShort() async throws {
        let server = try await TestKeys.start(liquidity: Decimal(string: "0.004")!)
        let ioc = try await Self.place(server, Self.request("BUY", "LIMIT", "0.01", price: "30000", tif: "IOC", id: "ioc"))
        #expect(ioc.status == "EXPIRED")
        #expect(ioc.executedQty == Decimal(string: "0.004")!)
        let fok = try await Self.place(server, Self.request("BUY", "LIMIT", "0.01", price: "30000", tif: "FOK", id: "fok"))
        #expect(fok.status == "EXPIRED")
        #expect(fok.executedQty == 0)
        let gtc = try await Self.place(server, Self.request("BUY", "LIMIT", "0.01", price: "30000", id: "gtc"))
        #expect(gtc.status == "PARTIALLY_FILLED")
        await server.setPrice(29990)
        await server.setPrice(29980)
        #expect(await server.state().orders.first { $0.clientOrderId == "gtc" }?.status == "FILLED")
        #expect(Self.balance(await server.state(), "USDT")?.locked == 0)
        await server.stop()
    }

    @Test func ocoLegsCancelEachOther() async throws {
        let server = try await TestKeys.start()
        let http = TestHTTP(server: server)
        let params: [(String, String)] = [
            ("symbol", "BTCUSDT"), ("side", "SELL"), ("quantity", "0.5"), ("aboveType", "LIMIT_MAKER"), ("abovePrice", "31000"),
            ("belowType", "STOP_LOSS_LIMIT"), ("belowStopPrice", "29000"), ("belowPrice", "28900"), ("belowTimeInForce", "GTC"),
            ("listClientOrderId", "list1"), ("aboveClientOrderId", "tp1"), ("belowClientOrderId", "sl1"),
        ]
        let answer = try await http.send("POST", "/api/v3/orderList/oco", params)
        #expect(answer.status == 200)
        #expect(answer.json["contingencyType"] as? String == "OCO")
        #expect(MatchingTests.balance(await server.state(), "BTC")?.locked == 0.5)
        await server.setPrice(31000)
        let state = await server.state()
        #expect(state.orders.first { $0.clientOrderId == "tp1" }?.status == "FILLED")
        #expect(state.orders.first { $0.clientOrderId == "sl1" }?.status == "EXPIRED")
        #expect(MatchingTests.balance(state, "BTC")?.free == 0.5)
        #expect(MatchingTests.balance(state, "BTC")?.locked == 0)
        let second = try await http.send("POST", "/api/v3/orderList/oco", params.map { ($0.0, $0.1 == "list1" ? "list2" : $0.1 == "tp1" ? "tp2" : $0.1 == "sl1" ? "sl2" : $0.1) }.map { $0.0 == "quantity" ? ($0.0, "0.1") : $0 }.map { $0.0 == "abovePrice" ? ($0.0, "32000") : $0 })
        #expect(second.status == 200)
        let cancel = try await http.send("DELETE", "/api/v3/order", [("symbol", "BTCUSDT"), ("origClientOrderId", "sl2")])
        #expect(cancel.json["status"] as? String == "CANCELED")
        #expect(await server.state().openOrders.isEmpty)
        await server.stop()
    }

    @Test func restQueriesAnswerBinanceShapes() async throws {
        let server = try await TestKeys.start()
        let http = TestHTTP(server: server)
        _ = try await http.order(FilterTests.limit("0.001", "29000") + [("newClientOrderId", "q1")])
        let query = try await http.send("GET", "/api/v3/order", [("symbol", "BTCUSDT"), ("origClientOrderId", "q1")])
        #expect(query.json["isWorking"] as? Bool == true)
        #expect(try await http.send("GET", "/api/v3/order", [("symbol", "BTCUSDT"), ("origClientOrderId", "none")]).code == -2013)
        #expect(try await http.send("GET", "/api/v3/openOrders", [("symbol", "BTCUSDT")]).array.count == 1)
        #expect(try await http.send("DELETE", "/api/v3/order", [("symbol", "BTCUSDT"), ("origClientOrderId", "none")]).code == -2011)
        _ = try await http.order([("side", "SELL"), ("type", "MARKET"), ("quantity", "0.001")])
        let trades = try await http.send("GET", "/api/v3/myTrades", [("symbol", "BTCUSDT")]).array
        #expect(trades.count == 1)
        #expect(trades.first?["isBuyer"] as? Bool == false)
        await server.stop()
    }
}
