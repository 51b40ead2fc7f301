@testable import FakeBinance
import Foundation
import Testing

@Suite struct RequestFaultTests {
    static let market: [(String, String)] = [("side", "BUY"), ("type", "MARKET"), ("quantity", "0.001"), ("newClientOrderId", "sk1-f")]

    /// Sends the order in the background and returns the state once the fake has logged it (its answer is withheld).
    static func sentAndWithheld(_ server: FakeBinanceServer) async -> (FakeState, Task<TestAnswer?, Never>) {
        let task = Task { try? await TestHTTP(server: server, timeout: 10).order(Self.market) }
        for _ in 0..<3000 where await server.state().requests.isEmpty { try? await Task.sleep(for: .milliseconds(10)) }
        try? await Task.sleep(for: .milliseconds(100))
        return (await server.state(), task)
    }

    @Test func aResponseDroppedAfterPlacingNeverAnswersButTheOrderExists() async throws {
        let server = try await TestKeys.start(withheldMs: 10_000)
        await server.inject([FakeFault(.dropResponseAfterPlace)])
        let (state, task) = await Self.sentAndWithheld(server)
        #expect(state.orders(clientOrderId: "sk1-f").count == 1)
        #expect(state.requests.count == 1)
        #expect(state.requests.last?.answeredStatus == nil)
        await server.stop()
        #expect(await task.value?.status != 200)
    }

    @Test func aDroppedRequestIsNotProcessed() async throws {
        let server = try await TestKeys.start(withheldMs: 10_000)
        await server.inject([FakeFault(.dropRequest)])
        let (state, task) = await Self.sentAndWithheld(server)
        #expect(state.orders.isEmpty)
        #expect(state.requests.count == 1)
        #expect(state.requests.last?.answeredStatus == nil)
        await server.stop()
        #expect(await task.value?.status != 200)
    }

    @Test func aDelayedResponseArrivesLate() async throws {
        let server = try await TestKeys.start()
        await server.inject([FakeFault(.delayResponse, ms: 400)])
        let start = ContinuousClock.now
        let answer = try await TestHTTP(server: server).order(Self.market)
        #expect(answer.status == 200)
        #expect(ContinuousClock.now - start >= .milliseconds(400))
        await server.stop()
    }

    @Test func a5xxLeavesTheOrderPlacedOrNotAsConfigured() async throws {
        let server = try await TestKeys.start()
        let http = TestHTTP(server: server)
        await server.inject([FakeFault(.status5xx, placed: true)])
        #expect(try await http.order(Self.market).status == 503)
        #expect(await server.state().orders(clientOrderId: "sk1-f").count == 1)
        await server.inject([FakeFault(.status5xx, placed: false)])
        #expect(try await http.order(Self.market.map { $0.0 == "newClientOrderId" ? ($0.0, "sk1-g") : $0 }).status == 503)
        #expect(await server.state().orders(clientOrderId: "sk1-g").isEmpty)
        await server.stop()
    }

    @Test func errorCodesMinus1006And1007ComeWithTheOrderPlacedOrNot() async throws {
        let server = try await TestKeys.start()
        let http = TestHTTP(server: server)
        await server.inject([FakeFault(.errorCode, placed: true, code: -1007), FakeFault(.errorCode, placed: false, code: -1006)])
        let first = try await http.order(Self.market)
        #expect(first.code == -1007)
        #expect(first.status == 503)
        let second = try await http.order(Self.market.map { $0.0 == "newClientOrderId" ? ($0.0, "sk1-g") : $0 })
        #expect(second.code == -1006)
        let state = await server.state()
        #expect(state.orders(clientOrderId: "sk1-f").count == 1)
        #expect(state.orders(clientOrderId: "sk1-g").isEmpty)
        await server.stop()
    }

    @Test func aCancelRacingAFillGetsMinus2011AndTheOrderIsFilled() async throws {
        let server = try await TestKeys.start()
        let http = TestHTTP(server: server)
        _ = try await http.order(FilterTests.limit("0.001", "29000") + [("newClientOrderId", "race")])
        await server.inject([FakeFault(.cancelRace)])
        let cancel = try await http.send("DELETE", "/api/v3/order", [("symbol", "BTCUSDT"), ("origClientOrderId", "race")])
        #expect(cancel.code == -2011)
        #expect(await server.state().orders.first?.status == "FILLED")
        await server.stop()
    }

    @Test func duplicateClientIdsOfOpenOrdersAreRefused() async throws {
        let server = try await TestKeys.start()
        let http = TestHTTP(server: server)
        #expect(try await http.order(FilterTests.limit("0.001", "29000") + [("newClientOrderId", "dup")]).status == 200)
        #expect(try await http.order(FilterTests.limit("0.001", "29000") + [("newClientOrderId", "dup")]).code == -2010)
        #expect(await server.state().orders(clientOrderId: "dup").count == 1)
        await server.stop()
    }
}
