import FakeBinance
import Foundation
import MarketData
import MarketFetch
import Store
import Synchronization
import Testing
@testable import MarketStream

/// The stream client against the fake exchange on loopback: real WebSocket frames and REST klines.
final class FakeFeed: Sendable {
    let server: FakeBinanceServer
    let clock = ManualStreamClock()
    let database: AppDatabase
    let client: MarketStreamClient
    private let collected = Mutex<[MarketEvent]>([])
    private let tasks = Mutex<[Task<Void, Never>]>([])
    static let start: Int64 = 1_700_000_040_000

    /// With `collect` false the client is left for a ``LiveBarSource`` to start and read.
    init(collect: Bool = true, configure: (inout MarketStreamConfiguration) -> Void = { _ in }) async throws {
        server = try await FakeBinanceServer.start(FakeBinanceConfig(clock: .manual(startMs: Self.start)))
        database = try AppDatabase.inMemory()
        var configuration = MarketStreamConfiguration(streamBase: "ws://127.0.0.1:\(server.port)", symbol: "BTCUSDT", interval: BarInterval("1m")!)
        configuration.backoff = ReconnectBackoff(baseMs: 500, capMs: 30_000, jitter: 0.2, seed: 9)
        configure(&configuration)
        client = MarketStreamClient(
            configuration: configuration, connector: WebSocketConnector(),
            backfill: RESTKlineBackfill(transport: URLSessionTransport(timeoutSeconds: 5), baseURL: server.baseURL) { _ in },
            recorder: StoreBarRecorder(database: database), clock: clock
        )
        guard collect else { return }
        let client = client
        let collector = Task { [self] in for await event in client.events { self.collected.withLock { $0.append(event) } } }
        let runner = Task { await client.run() }
        tasks.withLock { $0 += [collector, runner] }
    }

    var events: [MarketEvent] { collected.withLock { $0 } }
    var closedBars: [Int64] {
        events.compactMap { if case .kline(let k) = $0.payload, k.isClosed { k.openTime } else { nil } }
    }
    var trades: Int { events.filter { if case .trade = $0.payload { true } else { false } }.count }

    /// Moves the price until a book ticker arrives: the (new) subscription is in place.
    func waitSubscribed() async throws {
        let before = await client.counters.messages
        try await Poll.until("a book ticker on the subscription") {
            await self.server.setPrice(30_000)
            try? await Task.sleep(for: .milliseconds(5))
            return await self.client.counters.messages > before
        }
    }

    /// Emits the bar opening at `index` minutes after the start.
    func bar(_ index: Int64, close: Decimal = 30_050) async {
        await server.bar(open: 30_000, high: 30_100, low: 29_900, close: close, volume: 4, openTime: Self.start + index * 60_000)
    }

    /// Advances the client's clock a second per timer tick until `condition` holds.
    func advanceUntil(_ what: String, _ condition: @escaping @Sendable () async -> Bool) async throws {
        try await Poll.until(what) {
            if await condition() { return true }
            if self.clock.sleeping > 0 { self.clock.advance(by: 1_000) }
            return false
        }
    }

    func waitBars(_ count: Int) async throws {
        try await Poll.until("\(count) closed bars (have \(closedBars))") { self.closedBars.count >= count }
    }

    func finish() async {
        await client.stop()
        for task in tasks.withLock({ $0 }) { await task.value }
        await server.stop()
    }

    func expected(_ count: Int64) -> [Int64] { (0..<count).map { Self.start + $0 * 60_000 } }
}

@Suite(.serialized) struct FakeExchangeLoopbackTests {
    @Test func barsArriveInOrderAndAreStoredWithTheirIngestLag() async throws {
        let feed = try await FakeFeed()
        try await feed.waitSubscribed()
        for index in 0..<3 { await feed.bar(Int64(index)) }
        try await feed.waitBars(3)
        await feed.finish()
        #expect(feed.closedBars == feed.expected(3))
        #expect(try feed.database.count(symbol: "BTCUSDT", interval: "1m") == 3)
        let receipts = try feed.database.receipts(symbol: "BTCUSDT", interval: "1m")
        #expect(receipts.map(\.origin) == ["live", "live", "live"] && receipts.allSatisfy { $0.eventTime != nil })
        let counters = await feed.client.counters
        #expect(counters.lastIngestLagMs == feed.clock.now() - FakeFeed.start)
        #expect(counters.klineGaps == 0 && counters.duplicates == 0 && counters.messages > 10)
    }

    @Test func aServerShutdownLosesNoBarAndDuplicatesNone() async throws {
        let feed = try await FakeFeed()
        try await feed.waitSubscribed()
        await feed.bar(0)
        try await feed.waitBars(1)
        await feed.server.inject([FakeFault(.serverShutdown)])
        try await Poll.until("the roll") { await feed.client.counters.rolls == 1 }
        try await feed.waitSubscribed()
        for index in 1..<3 { await feed.bar(Int64(index)) }
        try await feed.waitBars(3)
        await feed.finish()
        #expect(feed.closedBars == feed.expected(3))
        #expect(await feed.client.counters.reconnects == 0)
        #expect(try feed.database.count(symbol: "BTCUSDT", interval: "1m") == 3)
    }

    @Test func aDroppedConnectionIsBackFilledThroughRESTKlines() async throws {
        let feed = try await FakeFeed()
        try await feed.waitSubscribed()
        await feed.bar(0)
        try await feed.waitBars(1)
        // The fake goes silent; the bar it closes meanwhile reaches no one.
        await feed.server.inject([FakeFault(.silentStream)])
        await feed.bar(1)
        try await feed.advanceUntil("a reconnect") { await feed.client.counters.reconnects == 1 }
        try await feed.waitSubscribed()
        await feed.bar(2)
        try await feed.waitBars(3)
        await feed.finish()
        #expect(feed.closedBars == feed.expected(3))
        let counters = await feed.client.counters
        #expect(counters.klineGaps == 1 && counters.backfilledBars == 1 && counters.duplicates == 0)
        #expect(try feed.database.receipts(symbol: "BTCUSDT", interval: "1m").map(\.origin) == ["live", "backfill", "live"])
    }

    @Test func aMissingClosedKlineIsBackFilled() async throws {
        let feed = try await FakeFeed()
        try await feed.waitSubscribed()
        await feed.bar(0)
        await feed.server.inject([FakeFault(.marketGap, gap: "kline")])
        await feed.bar(1, close: 30_070)
        await feed.bar(2)
        try await feed.waitBars(3)
        await feed.finish()
        #expect(feed.closedBars == feed.expected(3))
        var closes: [Double] = []
        try feed.database.forEachBar(symbol: "BTCUSDT", interval: "1m") { closes.append($0.close) }
        #expect(closes == [30_050, 30_070, 30_050])
        #expect(await feed.client.counters.backfilledBars == 1)
    }

    @Test func aTradeIdGapIsCountedAndTheBarReFetched() async throws {
        let feed = try await FakeFeed()
        try await feed.waitSubscribed()
        await feed.bar(0)
        await feed.server.inject([FakeFault(.marketGap, gap: "trade")])
        await feed.bar(1, close: 30_070)
        try await feed.waitBars(2)
        await feed.finish()
        let counters = await feed.client.counters
        #expect(counters.tradeGaps == 1 && counters.refetchedBars == 1)
        #expect(feed.events.last?.origin == .refetch)
    }

    @Test func theConnectionRollsBeforeTheFakesTwentyFourHourLimit() async throws {
        let feed = try await FakeFeed { $0.silenceTimeoutMs = 25 * 3_600_000 }
        try await feed.waitSubscribed()
        await feed.bar(0)
        try await feed.waitBars(1)
        // Both clocks run to 23 h 30 m: the client rolls; the fake then closes the old connection at 24 h
        // (after pinging both every 20 s: the WebSocket client answers).
        await feed.server.advanceClock(ms: 23 * 3_600_000 + 30 * 60_000)
        try await Poll.until("the timer") { feed.clock.sleeping > 0 }
        feed.clock.advance(by: 23 * 3_600_000 + 30 * 60_000)
        try await Poll.until("the roll") {
            await feed.server.setPrice(30_000)
            return await feed.client.counters.rolls == 1
        }
        await feed.server.advanceClock(ms: 20_000)
        await feed.server.advanceClock(ms: 30 * 60_000)
        try await feed.waitSubscribed()
        await feed.bar(1)
        try await feed.waitBars(2)
        await feed.finish()
        #expect(feed.closedBars == feed.expected(2))
        #expect(await feed.client.counters.reconnects == 0)
    }
}
