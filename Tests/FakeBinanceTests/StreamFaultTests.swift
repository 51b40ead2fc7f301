@testable import FakeBinance
import Foundation
import Testing

@Suite struct StreamFaultTests {
    static func subscribed(_ server: FakeBinanceServer) async -> TestSocket {
        let socket = TestSocket(url: server.webSocketAPIURL)
        await UserStreamTests.logon(socket, server: server)
        return socket
    }

    static let ioc: [(String, String)] = [
        ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("quantity", "0.01"), ("price", "30000"), ("newClientOrderId", "p1"),
    ]

    @Test func aDuplicatedFillArrivesTwiceOnTheStreamInRESTAndInMyTradesButOnceInTruth() async throws {
        let server = try await TestKeys.start()
        let socket = await Self.subscribed(server)
        let http = TestHTTP(server: server, apiKey: TestKeys.edKey, signing: .ed25519)
        await server.inject([FakeFault(.duplicateFill)])
        let answer = try await http.order([("side", "BUY"), ("type", "MARKET"), ("quantity", "0.001")])
        #expect((answer.json["fills"] as? [[String: Any]])?.count == 2)
        let trades = await socket.waitFor(2) { $0.contains("\"x\":\"TRADE\"") }
        #expect(trades.count == 2)
        #expect(try await http.send("GET", "/api/v3/myTrades", [("symbol", "BTCUSDT")]).array.count == 2)
        #expect(await server.state().trades.count == 1)
        await socket.stop()
        await server.stop()
    }

    @Test func reorderedEventsDeliverFilledBeforeNew() async throws {
        let server = try await TestKeys.start()
        let socket = await Self.subscribed(server)
        await server.inject([FakeFault(.reorderEvents)])
        _ = try await TestHTTP(server: server, apiKey: TestKeys.edKey, signing: .ed25519).order([("side", "BUY"), ("type", "MARKET"), ("quantity", "0.001")])
        let reports = await socket.waitFor(2) { $0.contains("executionReport") }
        let kinds = TestSocket.events(reports).compactMap { $0["X"] as? String }
        #expect(kinds == ["FILLED", "NEW"])
        await socket.stop()
        await server.stop()
    }

    @Test func theUserStreamDropsDuringFillsAndThoseEventsAreLost() async throws {
        let server = try await TestKeys.start(liquidity: Decimal(string: "0.004")!)
        let socket = await Self.subscribed(server)
        let http = TestHTTP(server: server, apiKey: TestKeys.edKey, signing: .ed25519)
        _ = try await http.order(Self.ioc.map { $0.0 == "price" ? ($0.0, "29000") : $0 })
        _ = await socket.waitFor { $0.contains("\"x\":\"NEW\"") }
        await server.inject([FakeFault(.dropUserStream)])
        await server.setPrice(28900)
        #expect(await socket.waitClosed())
        #expect(await !socket.received.contains { $0.contains("\"x\":\"TRADE\"") })
        #expect(await server.state().orders.first?.status == "PARTIALLY_FILLED")
        await server.stop()
    }

    @Test func aUserStreamDropOutsideFillsClosesAtOnce() async throws {
        let server = try await TestKeys.start()
        let socket = await Self.subscribed(server)
        let market = await MarketStreamTests.connected(server)
        await server.inject([FakeFault(.dropUserStream, duringFills: false)])
        #expect(await socket.waitClosed())
        #expect(await !market.waitClosed(tries: 10))
        await market.stop()
        await server.stop()
    }

    @Test func aSilentStreamStopsSendingFrames() async throws {
        let server = try await TestKeys.start()
        let socket = await MarketStreamTests.connected(server)
        await server.inject([FakeFault(.silentStream)])
        let before = await socket.received.count
        await server.bar(open: 30000, high: 30100, low: 29900, close: 30050)
        try await Task.sleep(for: .milliseconds(100))
        #expect(await socket.received.count == before)
        await socket.stop()
        await server.stop()
    }

    @Test func serverShutdownIsAnnouncedThenTheConnectionCloses() async throws {
        let server = try await TestKeys.start()
        let socket = await MarketStreamTests.connected(server)
        let user = await Self.subscribed(server)
        await server.inject([FakeFault(.serverShutdown)])
        #expect(await socket.waitFor { $0.contains("\"e\":\"serverShutdown\"") }.count == 1)
        #expect(await socket.waitClosed())
        #expect(await user.waitFor { $0.contains("eventStreamTerminated") }.count == 1)
        #expect(await user.waitClosed())
        await server.stop()
    }

    @Test func marketGapsSkipAClosedKlineOrTradeIds() async throws {
        let server = try await TestKeys.start()
        let socket = await MarketStreamTests.connected(server)
        await server.inject([FakeFault(.marketGap, gap: "kline")])
        await server.bar(open: 30000, high: 30100, low: 29900, close: 30050)
        await server.bar(open: 30050, high: 30100, low: 29900, close: 30060)
        let closed = await socket.waitFor { $0.contains("\"x\":true") }
        #expect(closed.count == 1)
        #expect(closed.first?.contains("30060.00000000") == true)
        await server.inject([FakeFault(.marketGap, gap: "trade")])
        await server.bar(open: 30060, high: 30100, low: 29900, close: 30070)
        _ = await socket.waitFor(2) { $0.contains("\"x\":true") }
        let ids = await socket.received.compactMap { FakeJSON.object($0) }.filter { $0["stream"] as? String == "btcusdt@trade" }
            .compactMap { (($0["data"] as? [String: Any])?["t"] as? NSNumber)?.int64Value }
        #expect(ids == Array(1...8) + Array(10...13))
        await socket.stop()
        await server.stop()
    }

    @Test func aForeignOrderRestsWithANonSparkClientId() async throws {
        let server = try await TestKeys.start()
        let order = try await server.placeForeignOrder(apiKey: TestKeys.hmacKey)
        #expect(order.clientOrderId.hasPrefix("web_"))
        let open = try await TestHTTP(server: server).send("GET", "/api/v3/openOrders", [("symbol", "BTCUSDT")]).array
        #expect(open.compactMap { $0["clientOrderId"] as? String } == [order.clientOrderId])
        await server.stop()
    }
}
