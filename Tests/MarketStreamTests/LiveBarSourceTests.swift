import Testing
@testable import MarketStream

@Suite struct LiveBarSourceTests {
    @Test func onlyClosedBarsComeOutAndStopEndsTheSource() async throws {
        let harness = StreamHarness()
        let source = LiveBarSource(client: harness.client)
        try await harness.connector.waitOpened(1)
        harness.connector.send(Frames.trade(id: 1, time: Frames.start), on: 0)
        harness.connector.send(Frames.kline(open: Frames.start, closed: false), on: 0)
        harness.connector.send(Frames.book(update: 3), on: 0)
        harness.connector.send(Frames.kline(open: Frames.start), on: 0)
        let first = await source.next()
        #expect(first?.bar.time == Frames.start && first?.eventTime == Frames.start + Frames.minute && first?.origin == .live)
        #expect(first?.receivedAt == harness.clock.now())
        await source.stop()
        #expect(await source.next() == nil)
        #expect(await source.counters().messages == 4)
    }
}
