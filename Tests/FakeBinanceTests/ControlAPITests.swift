@testable import FakeBinance
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

@Suite struct ControlAPITests {
    @Test func theFakeControlEndpointsDriveTheVenue() async throws {
        let server = try await TestKeys.start()
        let http = TestHTTP(server: server)
        _ = try await http.order(FilterTests.limit("0.001", "29500") + [("newClientOrderId", "c1")])
        #expect(try await http.control("/fake/price", ["symbol": "BTCUSDT", "price": "29400.00"]).status == 200)
        #expect(await server.state().orders.first?.status == "FILLED")
        let bar: [String: Any] = ["symbol": "BTCUSDT", "open": "29400", "high": "29600", "low": "29300", "close": "29500", "volume": "2"]
        #expect(try await http.control("/fake/bar", bar).status == 200)
        let foreign = try await http.control("/fake/foreign-order", ["symbol": "BTCUSDT", "apiKey": TestKeys.hmacKey])
        #expect((foreign.json["clientOrderId"] as? String)?.hasPrefix("web_") == true)
        let faults = try await http.control("/fake/faults", ["faults": [["kind": "rate_limit", "count": 1, "retryAfterSeconds": 7]]])
        #expect(faults.json["queued"] as? Int == 1)
        #expect(try await http.send("GET", "/api/v3/account").header("Retry-After") == "7")
        _ = try await http.control("/fake/clock", ["advanceMs": 7000])
        _ = try await http.control("/fake/symbol-status", ["symbol": "BTCUSDT", "status": "CANCEL_ONLY"])
        #expect(try await http.order(FilterTests.limit("0.001", "29000")).json["msg"] as? String == "Market is closed.")
        var request = URLRequest(url: URL(string: server.baseURL + "/fake/state")!)
        request.httpMethod = "GET"
        let (data, _) = try await URLSession.shared.data(for: request)
        let state = try #require(FakeJSON.object(String(decoding: data, as: UTF8.self)))
        #expect((state["orders"] as? [[String: Any]])?.count == 2)
        #expect((state["trades"] as? [[String: Any]])?.isEmpty == false)
        #expect((state["nowMs"] as? NSNumber)?.int64Value == TestKeys.startMs + 7000)
        let requests = try #require(state["requests"] as? [[String: Any]])
        #expect(requests.first?["clientOrderId"] as? String == "c1")
        #expect(requests.contains { ($0["answeredStatus"] as? Int) == 429 })
        await server.stop()
    }
}
