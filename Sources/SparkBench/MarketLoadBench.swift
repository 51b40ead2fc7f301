// md.ingest_lag at 1,000 and 10,000 messages/s: the fake sends trade and kline frames on a fixed
// open-loop schedule (FakeLoadSchedule: each frame due at its own time, stamped with it); Spark's
// MarketStreamClient (WebSocketConnector, the production connector) consumes them, and the lag of
// each event is the wall-clock time the event comes out of `MarketStreamClient.events` (parsed,
// deduplicated, ready for a strategy) minus the time its frame was due to be sent. The floor is a
// null consumer: a bare swift-websocket client reading the same stream at the same rate, whose lag
// ends when it has the frame's text and its `z` stamp. Gaps: scheduled messages never received.
import Foundation
import FakeBinance
import Logging
import MarketData
import MarketStream
import WSClient

enum MarketLoadBench {
    /// What one run received.
    struct Run {
        var lag = Latencies()
        var received = 0
        var expected = 0
        var gaps: Int { max(0, expected - received) }
    }

    static func run() async throws {
        let fake = try await LiveBench.fake()
        for (label, rate, seconds) in [("1k", 1_000, 5), ("10k", 10_000, 3)] {
            let floor = try await measure(fake, rate: rate, seconds: seconds, consumer: nullConsumer)
            let spark = try await measure(fake, rate: rate, seconds: seconds, consumer: sparkConsumer)
            note(floor.lag.describe("md floor \(label): received \(floor.received)/\(floor.expected)", scale: 1_000, unit: "ms"))
            note(spark.lag.describe("md spark \(label): received \(spark.received)/\(spark.expected)", scale: 1_000, unit: "ms"))
            report("md.ingest_lag", spark, label)
            report("md.floor.ingest_lag", floor, label)
        }
        await fake.stop()
    }

    static func report(_ name: String, _ run: Run, _ label: String) {
        emit("\(name).p99_ms.\(label)", run.lag.micros(99) / 1_000, "ms")
        emit("\(name).p50_ms.\(label)", run.lag.micros(50) / 1_000, "ms")
        emit("\(name).p999_ms.\(label)", run.lag.micros(99.9) / 1_000, "ms")
        emit("\(name).max_ms.\(label)", run.lag.count == 0 ? -1 : Double(run.lag.histogram.max) / 1_000, "ms")
        emit("\(name).count.\(label)", Double(run.received), "messages")
        emit("\(name).gaps.\(label)", Double(run.gaps), "messages")
    }

    typealias Consumer = @Sendable (_ port: Int, _ schedule: @escaping @Sendable () async -> FakeLoadSchedule?) async -> Run

    /// Connects `consumer`, waits for its subscription, starts the load, and collects what it saw.
    static func measure(_ fake: FakeBinanceServer, rate: Int, seconds: Int, consumer: @escaping Consumer) async throws -> Run {
        let holder = ScheduleHolder()
        let port = fake.port
        let task = Task { await consumer(port) { await holder.schedule } }
        var waited = 0
        while await fake.marketSubscribers("btcusdt@trade") == 0, waited < 500 {
            try await Task.sleep(for: .milliseconds(10))
            waited += 1
        }
        let load = fake.startLoad(rate: rate, duration: .seconds(seconds))
        await holder.set(load.schedule)
        let sent = await load.finished()
        var run = await task.value
        run.expected = sent
        waited = 0
        while await fake.marketSubscribers("btcusdt@trade") > 0, waited < 300 {
            try await Task.sleep(for: .milliseconds(10))
            waited += 1
        }
        return run
    }

    /// Spark's feed: every trade and kline update out of `events` until the schedule is done (plus 1 s).
    static let sparkConsumer: Consumer = { port, schedule in
        var configuration = MarketStreamConfiguration(streamBase: "ws://127.0.0.1:\(port)", symbol: "BTCUSDT", interval: BarInterval("1m")!)
        configuration.tickMs = 100
        let client = MarketStreamClient(configuration: configuration, connector: WebSocketConnector(), backfill: nil, clock: SystemStreamClock())
        let runner = Task { await client.run() }
        let stopper = Task {
            while await schedule() == nil { try? await Task.sleep(for: .milliseconds(5)) }
            guard let due = await schedule() else { return }
            let end = due.intendedMicros(due.count) + 1_000_000
            try? await Task.sleep(for: .microseconds(max(0, end - FakeLoadSchedule.nowMicros())))
            await client.stop()
        }
        var run = Run()
        var plan: FakeLoadSchedule?
        for await event in client.events {
            let now = FakeLoadSchedule.nowMicros()
            if plan == nil { plan = await schedule() }
            guard let plan else { continue }
            let message: Int
            switch event.payload {
            case .trade(let trade): message = plan.message(tradeID: trade.id)
            case .kline(let kline) where !kline.isClosed: message = plan.message(klineLastTradeID: kline.lastTradeID)
            default: continue
            }
            run.lag.record(micros: now - plan.intendedMicros(message))
            run.received += 1
            if run.received == plan.count { await client.stop() }
        }
        stopper.cancel()
        await runner.value
        return run
    }

    /// The floor: a bare WebSocket client that reads each frame's `z` stamp and nothing else.
    static let nullConsumer: Consumer = { port, schedule in
        let url = "ws://127.0.0.1:\(port)/stream?streams=btcusdt@kline_1m/btcusdt@trade/btcusdt@bookTicker"
        let counter = NullRun()
        let reader = Task {
            try? await WebSocketClient.connect(url: url, configuration: WebSocketClientConfiguration(maxFrameSize: 1 << 20), logger: Logger(label: "bench")) { inbound, _, _ in
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message, let stamp = NullRun.stamp(text) else { continue }
                    if counter.add(lag: FakeLoadSchedule.nowMicros() - stamp) { return }
                }
            }
        }
        while await schedule() == nil { try? await Task.sleep(for: .milliseconds(5)) }
        guard let plan = await schedule() else { return Run() }
        counter.expect(plan.count)
        let end = plan.intendedMicros(plan.count) + 1_000_000
        while FakeLoadSchedule.nowMicros() < end, !counter.done { try? await Task.sleep(for: .milliseconds(20)) }
        reader.cancel()
        _ = await reader.value
        return counter.run
    }
}
