@testable import FakeBinance
import Foundation
import Testing

@Suite struct OTOTests {
    static let params: [(String, String)] = [
        ("symbol", "BTCUSDT"), ("workingType", "LIMIT"), ("workingSide", "BUY"), ("workingPrice", "29500"), ("workingQuantity", "0.1"),
        ("workingTimeInForce", "GTC"), ("workingClientOrderId", "entry"), ("pendingType", "LIMIT_MAKER"), ("pendingSide", "SELL"),
        ("pendingPrice", "31000"), ("pendingQuantity", "0.1"), ("pendingClientOrderId", "exit"), ("listClientOrderId", "oto1"),
    ]

    @Test func theExchangeInfoSaysWhetherASymbolTakesOTO() async throws {
        var rules = FakeSymbolRules.btcusdt
        rules.otoAllowed = false
        #expect(FakeExchange.symbolInfo(rules)["otoAllowed"] as? Bool == false)
        #expect(FakeExchange.symbolInfo(.btcusdt)["otoAllowed"] as? Bool == true)
    }

    @Test func anOTOPlacesItsPendingOrderOnlyOnceTheWorkingOrderHasFilled() async throws {
        let server = try await TestKeys.start()
        let http = TestHTTP(server: server)
        let answer = try await http.send("POST", "/api/v3/orderList/oto", Self.params)
        #expect(answer.status == 200 && answer.json["contingencyType"] as? String == "OTO")
        let reports = answer.json["orderReports"] as? [[String: Any]] ?? []
        #expect(reports.map { $0["status"] as? String } == ["NEW", "PENDING_NEW"])
        var state = await server.state()
        #expect(state.openOrders.map(\.clientOrderId) == ["entry"], "the pending order is not on the book")
        #expect(MatchingTests.balance(state, "BTC")?.locked == 0)
        let query = try await http.send("GET", "/api/v3/order", [("symbol", "BTCUSDT"), ("origClientOrderId", "exit")])
        #expect(query.json["status"] as? String == "PENDING_NEW")
        await server.setPrice(29400)
        state = await server.state()
        #expect(state.orders.first { $0.clientOrderId == "entry" }?.status == "FILLED")
        #expect(state.orders.first { $0.clientOrderId == "exit" }?.status == "NEW")
        #expect(MatchingTests.balance(state, "BTC")?.locked == Decimal(string: "0.1"))
        await server.setPrice(31000)
        state = await server.state()
        #expect(state.orders.first { $0.clientOrderId == "exit" }?.status == "FILLED")
        #expect(MatchingTests.balance(state, "BTC")?.locked == 0)
        await server.stop()
    }

    @Test func anOTOCOPlacesItsPairOnceTheWorkingOrderHasFilledAndOneLegEndsTheOther() async throws {
        let server = try await TestKeys.start()
        let http = TestHTTP(server: server)
        let params: [(String, String)] = [
            ("symbol", "BTCUSDT"), ("workingType", "LIMIT"), ("workingSide", "BUY"), ("workingPrice", "29500"), ("workingQuantity", "0.1"),
            ("workingTimeInForce", "GTC"), ("workingClientOrderId", "entry"), ("pendingSide", "SELL"), ("pendingQuantity", "0.1"),
            ("pendingAboveType", "LIMIT_MAKER"), ("pendingAbovePrice", "31000"), ("pendingAboveClientOrderId", "tp"),
            ("pendingBelowType", "STOP_LOSS"), ("pendingBelowStopPrice", "29000"), ("pendingBelowClientOrderId", "sl"), ("listClientOrderId", "otoco1"),
        ]
        let answer = try await http.send("POST", "/api/v3/orderList/otoco", params)
        #expect(answer.status == 200 && answer.json["contingencyType"] as? String == "OTOCO")
        #expect((answer.json["orderReports"] as? [[String: Any]] ?? []).map { $0["status"] as? String } == ["NEW", "PENDING_NEW", "PENDING_NEW"])
        await server.setPrice(29400)
        var state = await server.state()
        #expect(state.orders.map(\.status) == ["FILLED", "NEW", "NEW"])
        #expect(MatchingTests.balance(state, "BTC")?.locked == Decimal(string: "0.1"), "the pair shares one lock")
        await server.setPrice(31000)
        state = await server.state()
        #expect(state.orders.map(\.status) == ["FILLED", "FILLED", "EXPIRED"])
        #expect(MatchingTests.balance(state, "BTC")?.locked == 0)
        await server.stop()
    }

    @Test func cancellingTheWorkingOrderCancelsThePendingOneAndAMarketWorkingOrderIsRefused() async throws {
        let server = try await TestKeys.start()
        let http = TestHTTP(server: server)
        _ = try await http.send("POST", "/api/v3/orderList/oto", Self.params)
        let cancel = try await http.send("DELETE", "/api/v3/order", [("symbol", "BTCUSDT"), ("origClientOrderId", "entry")])
        #expect(cancel.json["status"] as? String == "CANCELED")
        let state = await server.state()
        #expect(state.orders.map(\.status) == ["CANCELED", "CANCELED"])
        #expect(MatchingTests.balance(state, "USDT")?.locked == 0)
        let market = Self.params.map { $0.0 == "workingType" ? ($0.0, "MARKET") : $0 }.map { $0.0 == "listClientOrderId" ? ($0.0, "oto2") : $0 }
        #expect(try await http.send("POST", "/api/v3/orderList/oto", market).code == -1116)
        await server.stop()
    }
}
