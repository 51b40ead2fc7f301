@testable import FakeBinance
import Foundation
import Testing

@Suite struct MarketStreamTests {
    static let streams = ["btcusdt@kline_1m", "btcusdt@trade", "btcusdt@bookTicker"]

    static func connected(_ server: FakeBinanceServer) async -> TestSocket {
        let socket = TestSocket(url: server.streamURL(streams))
        for _ in 0..<3000 {
            await server.setPrice(30000)
            if await !socket.waitFor(tries: 5) { $0.contains("bookTicker") }.isEmpty { break }
        }
        return socket
    }

    @Test func aBarSendsTradesAlongThePathThenTheClosedKline() async throws {
        let server = try await TestKeys.start()
        let socket = await Self.connected(server)
        await server.bar(open: 30000, high: 30100, low: 29900, close: 30050, volume: 4)
        let closed = await socket.waitFor { $0.contains("\"x\":true") }
        #expect(closed.count == 1)
        let frames = await socket.received
        let trades = frames.compactMap { FakeJSON.object($0) }.filter { $0["stream"] as? String == "btcusdt@trade" }
            .compactMap { $0["data"] as? [String: Any] }
        #expect(trades.compactMap { $0["p"] as? String } == ["30000.00000000", "30100.00000000", "29900.00000000", "30050.00000000"])
        let ids = trades.compactMap { ($0["t"] as? NSNumber)?.int64Value }
        #expect(ids == Array(ids.first!..<(ids.first! + 4)))
        let kline = FakeJSON.object(closed[0])?["data"] as? [String: Any]
        let body = kline?["k"] as? [String: Any]
        #expect(body?["h"] as? String == "30100.00000000")
        #expect(body?["l"] as? String == "29900.00000000")
        #expect(body?["c"] as? String == "30050.00000000")
        #expect(frames.contains { $0.contains("\"stream\":\"btcusdt@bookTicker\"") })
        let updates = frames.filter { $0.contains("kline") && $0.contains("\"x\":false") }
        #expect(updates.count == 4)
        await socket.stop()
        await server.stop()
    }

    @Test func aDownBarWalksOpenLowHighClose() async throws {
        let server = try await TestKeys.start()
        let socket = await Self.connected(server)
        await server.bar(open: 30000, high: 30100, low: 29900, close: 29950)
        _ = await socket.waitFor { $0.contains("\"x\":true") }
        let prices = await socket.received.compactMap { FakeJSON.object($0) }.filter { $0["stream"] as? String == "btcusdt@trade" }
            .compactMap { ($0["data"] as? [String: Any])?["p"] as? String }
        #expect(prices == ["30000.00000000", "29900.00000000", "30100.00000000", "29950.00000000"])
        await socket.stop()
        await server.stop()
    }

    @Test func connectionsArePingedEvery20sAndClosedAfter24h() async throws {
        let server = try await TestKeys.start()
        let (id, frames) = await server.exchange.openConnection(.market(["btcusdt@trade"]))
        await server.advanceClock(ms: 19_999)
        await server.advanceClock(ms: 1)
        await server.advanceClock(ms: 20_000)
        await server.advanceClock(ms: 86_400_000)
        var seen: [String] = []
        for await frame in frames {
            switch frame {
            case .ping: seen.append("ping")
            case .close: seen.append("close")
            case .text: seen.append("text")
            }
        }
        #expect(seen == ["ping", "ping", "close"])
        #expect(await server.exchange.connections[id] == nil)
        let socket = TestSocket(url: server.webSocketAPIURL)
        await socket.send(FakeJSON.string(["id": "p", "method": "ping"]))
        _ = await socket.waitFor { $0.contains("\"id\":\"p\"") }
        await server.advanceClock(ms: 86_400_000)
        #expect(await socket.waitClosed())
        await server.stop()
    }
}
