// streams.ingest_lag and streams.event_to_store at 1,000 and 10,000 messages/s: the streams service
// of `spark serve` (its market client, store, metrics and relay) against the fake exchange's
// open-loop load. Ingest lag: the time the service finished with a trade or kline update minus the
// time its frame was due. Event→store: closed ETHUSDT bars the fake publishes every 100 ms during the load,
// from the moment the bench asked the fake to publish one until the bar is committed and a second
// connection to the store reads it. The floors beside them: the null consumer's lag on the same
// stream (MarketLoadBench), and the same null consumer's arrival of each closed bar.
import FakeBinance
import Foundation
import MarketStream
import Serve
import SparkConfig
import Store
import Synchronization

enum StreamsBench {
    /// What one load run measured.
    final class Samples: Sendable {
        private struct State {
            var lag = Latencies()
            var store = Latencies()
            var received = 0
            var klines = 0
            var plan: FakeLoadSchedule?
            var published: [Int64: Int64] = [:]
            /// Messages that arrived before the bench had the schedule (the fake starts sending at once).
            var early: [(kline: Bool, id: Int64, at: Int64)] = []
        }

        private let state = Mutex(State())

        func set(_ plan: FakeLoadSchedule) {
            state.withLock { state in
                state.plan = plan
                for early in state.early {
                    let index = early.kline ? plan.message(klineLastTradeID: early.id) : plan.message(tradeID: early.id)
                    Self.add(&state, plan: plan, index: index, at: early.at)
                }
                state.early = []
            }
        }
        func published(_ openTime: Int64, at micros: Int64) { state.withLock { $0.published[openTime] = micros } }
        var lag: Latencies { state.withLock { $0.lag } }
        var store: Latencies { state.withLock { $0.store } }
        var received: Int { state.withLock { $0.received } }
        var klines: Int { state.withLock { $0.klines } }

        /// Records one event the service handled; `visible` reads a closed bar back through another connection.
        func record(_ event: MarketEvent, visible: (Int64) -> Bool) {
            let now = FakeLoadSchedule.nowMicros()
            switch event.payload {
            case .trade(let trade) where trade.symbol == "BTCUSDT": sample(now, kline: false, id: trade.id)
            case .kline(let kline) where !kline.isClosed && kline.symbol == "BTCUSDT": sample(now, kline: true, id: kline.lastTradeID)
            case .kline(let kline) where !kline.isClosed || kline.symbol != "ETHUSDT": break
            case .kline(let kline):
                guard let sent = state.withLock({ $0.published[kline.openTime] }), visible(kline.openTime) else { return }
                let seen = FakeLoadSchedule.nowMicros()
                state.withLock { $0.store.record(micros: seen - sent) }
            default: break
            }
        }

        private func sample(_ now: Int64, kline: Bool, id: Int64) {
            state.withLock { state in
                guard let plan = state.plan else { return state.early.append((kline, id, now)) }
                Self.add(&state, plan: plan, index: kline ? plan.message(klineLastTradeID: id) : plan.message(tradeID: id), at: now)
            }
        }

        private static func add(_ state: inout State, plan: FakeLoadSchedule, index: Int, at now: Int64) {
            guard index >= 0, index < plan.count else { return }
            state.lag.record(micros: now - plan.intendedMicros(index))
            state.received += 1
            if plan.isKline(index) { state.klines += 1 }
        }
    }

    static func run() async throws {
        // The closed bars for event→store are ETHUSDT's: a bar the fake publishes comes with trades
        // numbered from the exchange's own counter, which would interleave with the load's BTCUSDT
        // trade ids (the feed rightly drops a trade id it has passed).
        let fake = try await FakeBinanceServer.start(FakeBinanceConfig(
            symbols: [FakeSymbolRules(maxNumOrders: 1_000), FakeSymbolRules(symbol: "ETHUSDT", baseAsset: "ETH")],
            rateLimits: FakeRateLimits(requestWeightPerMinute: 10_000_000, ordersPer10s: 10_000_000, ordersPerDay: 100_000_000)
        ))
        defer { Task { await fake.stop() } }
        let root = NSTemporaryDirectory() + "spark-bench-streams-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try """
        spark: 1
        name: bench
        serve: { streams_port: 0, stream_symbols: [BTCUSDT, ETHUSDT], market_url: "\(fake.baseURL)" }

        """.write(toFile: root + "/spark.yaml", atomically: true, encoding: .utf8)
        var minute = (Int64(Date().timeIntervalSince1970 * 1000) / 60_000 - 10_000) * 60_000
        for (label, rate, seconds) in [("1k", 1_000, 5), ("10k", 10_000, 3)] {
            // A fresh service per rate: each load numbers its trades from 1, and a feed that already
            // saw higher trade ids would rightly drop them as duplicates.
            let server = try await SparkServer.start(project: try Project(root: root), services: [.streams], executable: "", version: "bench", handleSignals: false, log: { _ in })
            guard let streams = server.streams else { return }
            let reader = try AppDatabase.open(path: await streams.databasePath)
            let samples = Samples()
            await streams.observe { event in
                samples.record(event) { time in ((try? reader.bars(symbol: "ETHUSDT", interval: "1m", after: time - 1, to: time, limit: 1)) ?? []).count == 1 }
            }
            for stream in ["btcusdt@trade", "ethusdt@trade"] {
                while await fake.marketSubscribers(stream) == 0 { try await Task.sleep(for: .milliseconds(10)) }
            }
            let load = fake.startLoad(rate: rate, duration: .seconds(seconds))
            samples.set(load.schedule)
            let deadline = ContinuousClock.now.advanced(by: .seconds(seconds))
            while ContinuousClock.now < deadline {
                samples.published(minute, at: FakeLoadSchedule.nowMicros())
                await fake.bar(symbol: "ETHUSDT", open: 3_000, high: 3_010, low: 2_990, close: 3_000, volume: 1, openTime: minute)
                minute += 60_000
                try await Task.sleep(for: .milliseconds(100))
            }
            let sent = await load.finished()
            try await Task.sleep(for: .seconds(1))
            note(samples.lag.describe("streams \(label): received \(samples.received)/\(sent)", scale: 1_000, unit: "ms"))
            note(samples.store.describe("streams \(label) event→store", scale: 1_000, unit: "ms"))
            emit("streams.ingest_lag.p99_ms.\(label)", samples.lag.micros(99) / 1_000, "ms")
            emit("streams.ingest_lag.p50_ms.\(label)", samples.lag.micros(50) / 1_000, "ms")
            emit("streams.ingest_lag.count.\(label)", Double(samples.received), "messages")
            emit("streams.ingest_lag.gaps.\(label)", Double(max(0, sent - samples.received)), "messages")
            emit("streams.event_to_store.p99_ms.\(label)", samples.store.micros(99) / 1_000, "ms")
            emit("streams.event_to_store.p50_ms.\(label)", samples.store.micros(50) / 1_000, "ms")
            emit("streams.event_to_store.count.\(label)", Double(samples.store.count), "bars")
            note("streams \(label) feed counters: \(await streams.feedCounters())")
            await server.stop()
            for stream in ["btcusdt@trade", "ethusdt@trade"] {
                while await fake.marketSubscribers(stream) > 0 { try await Task.sleep(for: .milliseconds(10)) }
            }
            // The floor at this rate: the null consumer of the same stream, alone on it.
            let floor = try await MarketLoadBench.measure(fake, rate: rate, seconds: seconds, consumer: MarketLoadBench.nullConsumer)
            emit("streams.floor.ingest_lag.p99_ms.\(label)", floor.lag.micros(99) / 1_000, "ms")
            emit("streams.floor.ingest_lag.gaps.\(label)", Double(floor.gaps), "messages")
        }
    }
}
