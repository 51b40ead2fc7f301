import FakeBinance
import Foundation
import Serve
import Testing

@Suite("the streams service keeps the configured market feeds", .serialized)
struct StreamsServiceTests {
    @Test("closed bars from the exchange reach the store, /streams, subscribers and the market-data metrics")
    func barsFlow() async throws {
        let fake = try await FakeBinanceServer.start(FakeBinanceConfig())
        defer { Task { await fake.stop() } }
        let project = try ServeProject.make(serve: ", stream_symbols: [BTCUSDT], market_url: \"\(fake.baseURL)\"", approve: false)
        let server = try await project.start([.streams])
        defer { Task { await server.stop() } }
        // A test ends before the asynchronous stop: no session process may outlive it.
        defer { project.killSessions() }
        let streams = try #require(server.streams)
        let client = ServeClient(port: server.ports[.streams]!)
        #expect(try await client.get("/readyz").status == 503, "no market data yet")
        let (_, bars) = await streams.subscribe()
        for _ in 0..<200 where await fake.marketSubscribers("btcusdt@kline_1m") == 0 {
            try await Task.sleep(for: .milliseconds(20))
        }
        await fake.setPrice(30_000)
        let minute = (Int64(Date().timeIntervalSince1970 * 1000) / 60_000 - 4) * 60_000
        for index in 0..<3 {
            await fake.bar(open: 30_000, high: 30_100, low: 29_900, close: 30_050, volume: 4, openTime: minute + Int64(index) * 60_000)
        }
        var received: [StreamBar] = []
        for await bar in bars {
            received.append(bar)
            if received.count == 3 { break }
        }
        #expect(received.map(\.time) == [minute, minute + 60_000, minute + 120_000])
        #expect(try await client.get("/readyz").status == 200)
        let snapshot = try JSONSerialization.jsonObject(with: try await client.get("/streams").body) as? [[String: Any]]
        #expect(snapshot?.first?["time"] as? Int64 == minute + 120_000)
        let scrape = String(decoding: try await client.get("/metrics").body, as: UTF8.self)
        for name in ["spark_md_messages_total{", "spark_md_ingest_lag_seconds_bucket{", "spark_md_event_to_store_seconds_bucket{", "spark_md_last_event_timestamp_seconds{", "spark_ws_connected{stream=\"market\"} 1"] {
            #expect(scrape.contains(name), "\(name) in the scrape")
        }
    }

    @Test("a paper session the executor starts on a symbol the streams service keeps reads the relay: the exchange sees one connection")
    func sessionsShareTheFeed() async throws {
        let fake = try await FakeBinanceServer.start(FakeBinanceConfig())
        defer { Task { await fake.stop() } }
        let project = try ServeProject.make(serve: ", stream_symbols: [BTCUSDT], market_url: \"\(fake.baseURL)\"")
        let server = try await project.start([.executor, .streams])
        defer { Task { await server.stop() } }
        // A test ends before the asynchronous stop: no session process may outlive it.
        defer { project.killSessions() }
        let executor = ServeClient(port: server.ports[.executor]!)
        for _ in 0..<200 where await fake.marketSubscribers("btcusdt@kline_1m") == 0 {
            try await Task.sleep(for: .milliseconds(20))
        }
        let started = try await executor.signed("POST", "/sessions", key: project.desk.quant, json: ["mode": "paper", "strategy": "strategies/sma_cross.lua", "symbol": "BTCUSDT", "feed": "binance:BTCUSDT"])
        #expect(started.status == 201, "\(String(decoding: started.body, as: UTF8.self))")
        let session = ServeClient.object(started.body)
        let id = session["id"] as? String ?? ""
        #expect((session["request"] as? [String: Any])?["market_url"] as? String == "http://127.0.0.1:\(server.ports[.streams]!)")
        let streams = ServeClient(port: server.ports[.streams]!)
        for _ in 0..<200 {
            let scrape = String(decoding: try await streams.get("/metrics").body, as: UTF8.self)
            if scrape.contains("spark_stream_subscribers 1") { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let minute = (Int64(Date().timeIntervalSince1970 * 1000) / 60_000 - 4) * 60_000
        var bars = 0
        for index in 0..<40 where bars < 2 {
            if index < 3 {
                await fake.setPrice(30_000 + Decimal(index))
                await fake.bar(open: 30_000, high: 30_100, low: 29_900, close: 30_050, volume: 4, openTime: minute + Int64(index) * 60_000)
            }
            try await Task.sleep(for: .milliseconds(250))
            bars = try await SupervisionTests.bars(executor, id)
        }
        #expect(bars >= 2, "the session traded the relayed bars")
        #expect(await fake.marketSubscribers("btcusdt@kline_1m") == 1, "one exchange connection for the symbol")
    }
}
