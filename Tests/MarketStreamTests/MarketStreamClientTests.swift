import Testing
@testable import MarketStream

@Suite struct MarketStreamClientTests {
    let start = Frames.start, minute = Frames.minute

    @Test func closedBarsArriveInOrderAndARepeatedCloseIsDropped() async throws {
        let harness = StreamHarness()
        try await harness.start()
        harness.connector.send(Frames.kline(open: start, closed: false, event: start + 1000), on: 0)
        harness.connector.send(Frames.kline(open: start), on: 0)
        harness.connector.send(Frames.kline(open: start), on: 0)
        harness.connector.send(Frames.kline(open: start + minute), on: 0)
        try await harness.waitBars(2)
        await harness.stop()
        #expect(harness.closedBars.map(\.time) == [start, start + minute])
        #expect(harness.events.count == 3)
        let counters = await harness.client.counters
        #expect(counters.duplicates == 1 && counters.messages == 4 && counters.klineGaps == 0)
        #expect(counters.lastIngestLagMs == harness.clock.now() - (start + 2 * minute))
    }

    @Test func serverShutdownOverlapsTwoConnectionsWithoutGapOrDuplicate() async throws {
        let harness = StreamHarness()
        try await harness.start()
        let old = 0, new = 1
        harness.connector.send(Frames.kline(open: start), on: old)
        harness.connector.send(Frames.trade(id: 1, time: start + 10), on: old)
        harness.connector.send(Frames.shutdown, on: old)
        try await harness.connector.waitOpened(2)
        // The old connection still delivers while the new one subscribes; both then send the same events.
        harness.connector.send(Frames.trade(id: 2, time: start + 20), on: old)
        harness.connector.send(Frames.trade(id: 2, time: start + 20), on: new)
        harness.connector.send(Frames.kline(open: start + minute), on: new)
        harness.connector.send(Frames.kline(open: start + minute), on: old)
        harness.connector.send(Frames.trade(id: 3, time: start + minute + 5), on: new)
        harness.connector.send(Frames.kline(open: start + 2 * minute), on: new)
        try await harness.waitBars(3)
        try await Poll.until("the old connection closed") { harness.connector.isClosed(old) }
        await harness.stop()
        #expect(harness.closedBars.map(\.time) == [start, start + minute, start + 2 * minute])
        #expect(harness.trades == [1, 2, 3])
        let counters = await harness.client.counters
        #expect(counters.rolls == 1 && counters.reconnects == 0 && counters.tradeGaps == 0 && counters.klineGaps == 0)
        #expect(counters.duplicates >= 1)
    }

    @Test func aConnectionIsRolledAtTwentyThreeAndAHalfHours() async throws {
        let harness = StreamHarness { $0.silenceTimeoutMs = 25 * 3_600_000 }
        try await harness.start()
        harness.connector.send(Frames.kline(open: start), on: 0)
        try await harness.waitBars(1)
        harness.clock.advance(by: 23 * 3_600_000 + 29 * 60_000)
        try await harness.waitTimer()
        #expect(harness.connector.opened == 1)
        harness.clock.advance(by: 60_000)
        try await harness.connector.waitOpened(2)
        #expect(!harness.connector.isClosed(0))
        harness.connector.send(Frames.kline(open: start + minute), on: 1)
        harness.connector.send(Frames.kline(open: start + minute), on: 0)
        try await harness.waitBars(2)
        try await Poll.until("the old connection closed") { harness.connector.isClosed(0) }
        await harness.stop()
        #expect(harness.closedBars.map(\.time) == [start, start + minute])
        #expect(await harness.client.counters.rolls == 1)
    }

    @Test func aSilentConnectionIsReplacedAfterTheBackoff() async throws {
        let harness = StreamHarness { $0.silenceTimeoutMs = 60_000 }
        try await harness.start()
        harness.connector.send(Frames.kline(open: start), on: 0)
        try await harness.waitBars(1)
        harness.clock.advance(by: 60_000)
        try await Poll.until("the silent connection closed") { harness.connector.isClosed(0) }
        try await harness.waitTimer()
        #expect(harness.connector.opened == 1)
        // Back-off 500 ms (jitter 0): the next tick, a second later, reconnects.
        harness.clock.advance(by: 1000)
        try await harness.connector.waitOpened(2)
        let counters = await harness.client.counters
        await harness.stop()
        #expect(counters.reconnects == 1 && counters.rolls == 0)
    }

    @Test func aMissingClosedKlineIsBackFilledFromRESTBeforeTheLiveBar() async throws {
        let rest = TableBackfill([StreamHarness.bar(start + minute, close: 111), StreamHarness.bar(start + 2 * minute, close: 112)])
        let harness = StreamHarness(backfill: rest)
        try await harness.start()
        harness.connector.send(Frames.kline(open: start), on: 0)
        harness.connector.send(Frames.kline(open: start + 3 * minute), on: 0)
        try await harness.waitBars(4)
        await harness.stop()
        #expect(harness.closedBars.map(\.time) == [start, start + minute, start + 2 * minute, start + 3 * minute])
        #expect(harness.closedBars.map(\.origin) == [.live, .backfill, .backfill, .live])
        #expect(rest.requests.withLock { $0 } == [[start + minute, start + 2 * minute, start + 3 * minute]])
        let counters = await harness.client.counters
        #expect(counters.klineGaps == 1 && counters.backfilledBars == 2)
    }

    @Test func aTradeIdGapIsCountedAndItsBarReFetched() async throws {
        let rest = TableBackfill([StreamHarness.bar(start, close: 123)])
        let harness = StreamHarness(backfill: rest)
        try await harness.start()
        harness.connector.send(Frames.trade(id: 1, time: start + 1), on: 0)
        harness.connector.send(Frames.trade(id: 2, time: start + 2), on: 0)
        harness.connector.send(Frames.trade(id: 5, time: start + 3), on: 0)
        harness.connector.send(Frames.kline(open: start), on: 0)
        try await harness.waitBars(1)
        await harness.stop()
        let counters = await harness.client.counters
        #expect(counters.tradeGaps == 1 && counters.refetchedBars == 1)
        #expect(harness.closedBars.map(\.origin) == [.refetch])
        guard case .kline(let kline) = harness.events.last?.payload else { Issue.record("no bar"); return }
        #expect(kline.bar.close == 123)
    }
}
