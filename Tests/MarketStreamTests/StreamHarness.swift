import MarketData
import SparkCore
import Synchronization
@testable import MarketStream

/// REST klines from a table; records what was asked.
final class TableBackfill: KlineBackfill {
    let bars: [Bar]
    let requests = Mutex<[[Int64]]>([])

    init(_ bars: [Bar]) {
        self.bars = bars
    }

    func closedBars(symbol: String, interval: BarInterval, from: Int64, to: Int64, closedBefore: Int64) async throws -> [Bar] {
        requests.withLock { $0.append([from, to, closedBefore]) }
        return bars.filter { $0.time >= from && $0.time <= to && $0.time + 60_000 <= closedBefore }
    }
}

/// A client on in-memory connections and a manual clock, with every event it delivers collected.
final class StreamHarness: Sendable {
    let clock = ManualStreamClock()
    let connector = MemoryConnector()
    let client: MarketStreamClient
    private let collected = Mutex<[MarketEvent]>([])
    private let tasks = Mutex<[Task<Void, Never>]>([])

    init(backfill: (any KlineBackfill)? = nil, recorder: (any ClosedBarRecorder)? = nil, configure: (inout MarketStreamConfiguration) -> Void = { _ in }) {
        var configuration = MarketStreamConfiguration(streamBase: "ws://memory", symbol: "BTCUSDT", interval: BarInterval("1m")!)
        configuration.backoff = ReconnectBackoff(baseMs: 500, capMs: 30_000, jitter: 0, seed: 1)
        configure(&configuration)
        client = MarketStreamClient(configuration: configuration, connector: connector, backfill: backfill, recorder: recorder, clock: clock)
    }

    /// Starts the client and the collector; waits for the first connection and the timer.
    func start() async throws {
        let client = client
        let collector = Task { [self] in for await event in client.events { self.collected.withLock { $0.append(event) } } }
        let runner = Task { await client.run() }
        tasks.withLock { $0 += [collector, runner] }
        try await connector.waitOpened(1)
        try await waitTimer()
    }

    func waitTimer() async throws {
        try await Poll.until("the client's timer") { self.clock.sleeping > 0 }
    }

    func stop() async {
        await client.stop()
        for task in tasks.withLock({ $0 }) { await task.value }
    }

    var events: [MarketEvent] { collected.withLock { $0 } }

    /// Closed bars delivered so far: (open time, origin).
    var closedBars: [(time: Int64, origin: MarketEvent.Origin)] {
        events.compactMap { event in
            guard case .kline(let kline) = event.payload, kline.isClosed else { return nil }
            return (kline.openTime, event.origin)
        }
    }

    var trades: [Int64] {
        events.compactMap { if case .trade(let trade) = $0.payload { trade.id } else { nil } }
    }

    func waitBars(_ count: Int) async throws {
        try await Poll.until("\(count) closed bars (have \(closedBars.map(\.time)))") { self.closedBars.count >= count }
    }

    static func bar(_ time: Int64, close: Double = 100) -> Bar {
        Bar(symbol: SymbolID(0), time: time, open: 99.5, high: 101.25, low: 98.75, close: close, volume: 12.5)
    }
}
