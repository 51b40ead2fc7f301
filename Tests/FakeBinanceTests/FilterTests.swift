@testable import FakeBinance
import Foundation
import Testing

@Suite struct FilterTests {
    static func limit(_ qty: String, _ price: String, side: String = "BUY", type: String = "LIMIT") -> [(String, String)] {
        [("side", side), ("type", type), ("timeInForce", "GTC"), ("quantity", qty), ("price", price)]
    }

    @Test func filterFailuresCarryBinancesCodesAndMessages() async throws {
        let server = try await TestKeys.start()
        let http = TestHTTP(server: server)
        let price = try await http.order(Self.limit("0.001", "29000.005"))
        #expect(price.code == -1013)
        #expect(price.json["msg"] as? String == "Filter failure: PRICE_FILTER")
        #expect(try await http.order(Self.limit("0.000015", "29000")).json["msg"] as? String == "Filter failure: LOT_SIZE")
        #expect(try await http.order(Self.limit("0.0001", "29000")).json["msg"] as? String == "Filter failure: NOTIONAL")
        #expect(try await http.order(Self.limit("0.001", "200000")).json["msg"] as? String == "Filter failure: PERCENT_PRICE_BY_SIDE")
        #expect(try await http.order([("side", "BUY"), ("type", "MARKET"), ("quantity", "101")]).json["msg"] as? String == "Filter failure: MARKET_LOT_SIZE")
        #expect(await server.state().orders.isEmpty)
        await server.stop()
    }

    @Test func insufficientBalanceAndATakingLimitMakerAreMinus2010() async throws {
        let server = try await TestKeys.start()
        let http = TestHTTP(server: server)
        let tooBig = try await http.order(Self.limit("1", "29000"))
        #expect(tooBig.code == -2010)
        #expect(tooBig.json["msg"] as? String == "Account has insufficient balance for requested action.")
        let taker = try await http.order(Self.limit("0.001", "30001", type: "LIMIT_MAKER").filter { $0.0 != "timeInForce" })
        #expect(taker.code == -2010)
        #expect(taker.json["msg"] as? String == "Order would immediately match and take.")
        await server.stop()
    }

    @Test func cancelOnlyRefusesNewOrdersButAllowsCancels() async throws {
        let server = try await TestKeys.start()
        let http = TestHTTP(server: server)
        #expect(try await http.order(Self.limit("0.001", "29000") + [("newClientOrderId", "a")]).status == 200)
        await server.setSymbolStatus("BTCUSDT", "CANCEL_ONLY")
        let refused = try await http.order(Self.limit("0.001", "29000"))
        #expect(refused.code == -1013)
        #expect(refused.json["msg"] as? String == "Market is closed.")
        let cancel = try await http.send("DELETE", "/api/v3/order", [("symbol", "BTCUSDT"), ("origClientOrderId", "a")])
        #expect(cancel.json["status"] as? String == "CANCELED")
        await server.stop()
    }

    @Test func aFilterChangeAppliesToTheNextOrder() async throws {
        let server = try await TestKeys.start()
        let http = TestHTTP(server: server)
        var rules = try #require(await server.rules("BTCUSDT"))
        rules.stepSize = Decimal(string: "0.001")!
        rules.minQty = Decimal(string: "0.001")!
        await server.setRules(rules)
        #expect(try await http.order(Self.limit("0.0015", "29000")).json["msg"] as? String == "Filter failure: LOT_SIZE")
        #expect(try await http.order(Self.limit("0.002", "29000")).status == 200)
        await server.stop()
    }
}
