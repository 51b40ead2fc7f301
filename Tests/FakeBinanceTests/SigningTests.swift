@testable import FakeBinance
import Foundation
import Testing

@Suite struct SigningTests {
    @Test func theHMACTestVectorOfBinancesDocsMatches() {
        let payload = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
        #expect(FakeSignature.hmacHex(secret: TestKeys.hmacSecret, payload: payload) == "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71")
        #expect(FakeSignature.split(payload + "&signature=abc").payload == payload)
    }

    @Test func hmacAndEd25519SignedRequestsAreAccepted() async throws {
        let server = try await TestKeys.start()
        let hmac = try await TestHTTP(server: server).send("GET", "/api/v3/account")
        #expect(hmac.status == 200)
        #expect(hmac.header("X-MBX-USED-WEIGHT-1M") == "20")
        let ed = try await TestHTTP(server: server, apiKey: TestKeys.edKey, signing: .ed25519).send("GET", "/api/v3/account", [("omitZeroBalances", "true")])
        #expect(ed.status == 200)
        #expect((ed.json["balances"] as? [[String: Any]])?.count == 2)
        await server.stop()
    }

    @Test func aBadSignatureIsRefusedWithMinus1022() async throws {
        let server = try await TestKeys.start()
        let answer = try await TestHTTP(server: server, signing: .badSignature).send("GET", "/api/v3/account")
        #expect(answer.status == 400)
        #expect(answer.code == -1022)
        let wrongKey = try await TestHTTP(server: server, apiKey: TestKeys.edKey, signing: .hmac).send("GET", "/api/v3/account")
        #expect(wrongKey.code == -1022)
        await server.stop()
    }

    @Test func anUnknownAPIKeyIsRefusedWithMinus2015And401() async throws {
        let server = try await TestKeys.start()
        let answer = try await TestHTTP(server: server, apiKey: "nobody").send("GET", "/api/v3/account")
        #expect(answer.status == 401)
        #expect(answer.code == -2015)
        await server.stop()
    }

    @Test func timestampsOutsideTheWindowAreRefusedWithMinus1021() async throws {
        let server = try await TestKeys.start()
        let http = TestHTTP(server: server)
        #expect(try await http.send("GET", "/api/v3/account", timestampOffset: -5001).code == -1021)
        #expect(try await http.send("GET", "/api/v3/account", timestampOffset: 1001).code == -1021)
        #expect(try await http.send("GET", "/api/v3/account", timestampOffset: 999).status == 200)
        await server.stop()
    }

    @Test func clockSkewInBothDirectionsGivesMinus1021() async throws {
        let server = try await TestKeys.start()
        let http = TestHTTP(server: server)
        let before = await server.nowMs()
        await server.inject([FakeFault(.clockSkew, ms: 10_000)])
        #expect(try await http.send("GET", "/api/v3/account", timestampOffset: -10_000).code == -1021)
        await server.inject([FakeFault(.clockSkew, ms: -20_000)])
        #expect(try await http.send("GET", "/api/v3/account", timestampOffset: 10_000).code == -1021)
        #expect(await server.nowMs() == before - 10_000)
        await server.stop()
    }

    @Test func unsignedEndpointsAnswerWithoutAKey() async throws {
        let server = try await TestKeys.start()
        let http = TestHTTP(server: server, signing: .none)
        #expect(try await http.send("GET", "/api/v3/ping").text == "{}")
        #expect((try await http.send("GET", "/api/v3/time").json["serverTime"] as? NSNumber)?.int64Value == TestKeys.startMs)
        let info = try await http.send("GET", "/api/v3/exchangeInfo", [("symbol", "BTCUSDT")]).json
        let symbols = info["symbols"] as? [[String: Any]]
        #expect(symbols?.first?["status"] as? String == "TRADING")
        #expect((info["rateLimits"] as? [[String: Any]])?.count == 3)
        await server.bar(open: 30000, high: 30010, low: 29990, close: 30005)
        let klines = try await http.send("GET", "/api/v3/klines", [("symbol", "BTCUSDT"), ("interval", "1m")])
        #expect(klines.text.contains("\"30005.00000000\""))
        await server.stop()
    }
}
