@testable import FakeBinance
import Foundation
import Testing

@Suite struct RateLimitTests {
    @Test func exceedingTheWeightGives429ThenARequestInsideTheWindowGets418() async throws {
        let server = try await TestKeys.start(limits: FakeRateLimits(requestWeightPerMinute: 3, banSeconds: 120))
        let http = TestHTTP(server: server, signing: .none)
        for _ in 0..<3 { #expect(try await http.send("GET", "/api/v3/ping").status == 200) }
        let limited = try await http.send("GET", "/api/v3/ping")
        #expect(limited.status == 429)
        #expect(limited.code == -1003)
        #expect(limited.header("Retry-After") == "60")
        let banned = try await http.send("GET", "/api/v3/ping")
        #expect(banned.status == 418)
        #expect(banned.header("Retry-After") == "120")
        await server.advanceClock(ms: 120_000)
        #expect(try await http.send("GET", "/api/v3/ping").status == 200)
        let state = await server.state()
        #expect(state.refusedRequests.count == 1)
        #expect(state.requests.map(\.answeredStatus) == [200, 200, 200, 429, 418, 200])
        await server.stop()
    }

    @Test func theOrdersLimitCountsNewOrdersPerTenSeconds() async throws {
        let server = try await TestKeys.start(limits: FakeRateLimits(ordersPer10s: 2))
        let http = TestHTTP(server: server)
        let market: [(String, String)] = [("side", "BUY"), ("type", "MARKET"), ("quantity", "0.001")]
        let first = try await http.order(market)
        #expect(first.header("X-MBX-ORDER-COUNT-10S") == "1")
        #expect(first.header("X-MBX-ORDER-COUNT-1D") == "1")
        _ = try await http.order(market)
        let third = try await http.order(market)
        #expect(third.status == 429)
        #expect(third.code == -1015)
        #expect(third.header("Retry-After") == "10")
        await server.stop()
    }

    @Test func queuedRateLimitAndBanFaultsSetTheirWindows() async throws {
        let server = try await TestKeys.start()
        let http = TestHTTP(server: server, signing: .none)
        await server.inject([FakeFault(.rateLimit, seconds: 5)])
        let limited = try await http.send("GET", "/api/v3/time")
        #expect(limited.status == 429)
        #expect(limited.header("Retry-After") == "5")
        await server.advanceClock(ms: 5000)
        #expect(try await http.send("GET", "/api/v3/time").status == 200)
        await server.inject([FakeFault(.ban, seconds: 30)])
        let banned = try await http.send("GET", "/api/v3/time")
        #expect(banned.status == 418)
        #expect(banned.header("Retry-After") == "30")
        await server.advanceClock(ms: 29_000)
        #expect(try await http.send("GET", "/api/v3/time").header("Retry-After") == "1")
        await server.advanceClock(ms: 1000)
        #expect(try await http.send("GET", "/api/v3/time").status == 200)
        #expect(await server.state().refusedRequests.count == 1)
        await server.stop()
    }
}
