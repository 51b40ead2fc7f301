// streams.ingest_lag and streams.event_to_store at 1,000 and 10,000 messages/s: the streams service
// of `spark serve` (its market client, store, metrics and relay) against the fake exchange's
// open-loop load. Ingest lag: the time the service finished with a trade or kline update minus the
// time its frame was due. Event→store: closed bars the fake publishes every 100 ms during the load,
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
            var plan: FakeLoadSchedule?
            var published: [Int64: Int64] = [:]
        }

        private let state = Mutex(State())

        func set(_ plan: FakeLoadSchedule) { state.withLock { $0.plan = plan } }
        func published(_ openTime: Int64, at micros: Int64) { state.withLock { $0.published[openTime] = micros } }
        var lag: Latencies { state.withLock { $0.lag } }
        var store: Latencies { state.withLock { $0.store } }
        var received: Int { state.withLock { $0.received } }

        /// Records one event the service handled; `visible` reads a closed bar back through another connection.
        func record(_ event: MarketEvent, visible: (Int64) -> Bool) {
            let now = FakeLoadSchedule.nowMicros()
            switch event.payload {
            case .trade(let trade): sample(now) { $0.message(tradeID: trade.id) }
            case .kline(let kline) where !kline.isClosed: sample(now) { $0.message(klineLastTradeID: kline.lastTradeID) }
            case .kline(let kline):
                guard let sent = state.withLock({ $0.published[kline.openTime] }), visible(kline.openTime) else { return }
                let seen = FakeLoadSchedule.nowMicros()
                state.withLock { $0.store.record(micros: seen - sent) }
            default: break
            }
        }

        private func sample(_ now: Int64, _ message: (FakeLoadSchedule) -> Int) {
            state.withLock { state in
                guard let plan = state.plan else { return }
                let index = message(plan)
                guard index >= 0, index < plan.count else { return }
                state.lag.record(micros: now - plan.intendedMicros(index))
                state.received += 1
            }
        }
    }

    static func run() async throws {
        let fake = try await LiveBench.fake()
        defer { Task { await fake.stop() } }
        let root = NSTemporaryDirectory() + "spark-bench-streams-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try """
        spark: 1
        name: bench
        serve: { streams_port: 0, stream_symbols: [BTCUSDT], market_url: "\(fake.baseURL)" }

        """.write(toFile: root + "/spark.yaml", atomically: true, encoding: .utf8)
        let server = try await SparkServer.start(project: try Project(root: root), services: [.streams], executable: "", version: "bench", handleSignals: false, log: { _ in })
        guard let streams = server.streams else { return }
        let reader = try AppDatabase.open(path: await streams.databasePath)
        var minute = (Int64(Date().timeIntervalSince1970 * 1000) / 60_000 - 10_000) * 60_000
        for (label, rate, seconds) in [("1k", 1_000, 5), ("10k", 10_000, 3)] {
            let samples = Samples()
            await streams.observe { event in
                samples.record(event) { time in ((try? reader.bars(symbol: "BTCUSDT", interval: "1m", after: time - 1, to: time, limit: 1)) ?? []).count == 1 }
            }
            while await fake.marketSubscribers("btcusdt@trade") == 0 { try await Task.sleep(for: .milliseconds(10)) }
            let load = fake.startLoad(rate: rate, duration: .seconds(seconds))
            samples.set(load.schedule)
            let deadline = ContinuousClock.now.advanced(by: .seconds(seconds))
            while ContinuousClock.now < deadline {
                samples.published(minute, at: FakeLoadSchedule.nowMicros())
                await fake.bar(open: 30_000, high: 30_010, low: 29_990, close: 30_000, volume: 1, openTime: minute)
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
            // The floor at this rate: the null consumer of the same stream (the fake and the two cores shared alike).
            let floor = try await MarketLoadBench.measure(fake, rate: rate, seconds: seconds, consumer: MarketLoadBench.nullConsumer)
            emit("streams.floor.ingest_lag.p99_ms.\(label)", floor.lag.micros(99) / 1_000, "ms")
        }
        await server.stop()
    }
}
