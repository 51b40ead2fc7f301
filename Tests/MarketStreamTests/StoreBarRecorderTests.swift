import Store
import Testing
@testable import MarketStream

@Suite struct StoreBarRecorderTests {
    @Test func closedBarsAreStoredWithTheirReceiveTimes() async throws {
        let database = try AppDatabase.inMemory()
        let start = Frames.start, minute = Frames.minute
        let harness = StreamHarness(backfill: TableBackfill([StreamHarness.bar(start + minute)]), recorder: StoreBarRecorder(database: database))
        try await harness.start()
        harness.connector.send(Frames.kline(open: start), on: 0)
        try await harness.waitBars(1)
        harness.clock.advance(by: 700)
        harness.connector.send(Frames.kline(open: start + 2 * minute), on: 0)
        try await harness.waitBars(3)
        await harness.stop()
        #expect(try database.count(symbol: "BTCUSDT", interval: "1m") == 3)
        let receipts = try database.receipts(symbol: "BTCUSDT", interval: "1m")
        #expect(receipts.map(\.time) == [start, start + minute, start + 2 * minute])
        #expect(receipts.map(\.origin) == ["live", "backfill", "live"])
        #expect(receipts.map(\.receivedAt) == harness.events.map(\.receivedAt))
        #expect(receipts[0].eventTime == start + minute && receipts[1].eventTime == nil)
        #expect(receipts[2].receivedAt == receipts[0].receivedAt + 700)
        var stored: [Double] = []
        try database.forEachBar(symbol: "BTCUSDT", interval: "1m") { stored.append($0.close) }
        #expect(stored == [100, 100, 100])
    }
}
