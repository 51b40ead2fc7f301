import Foundation
import Binance
import Live
import SparkCore
import Testing

@Suite("Live: the user stream reaches the sequencer")
struct LiveStreamTests {
    @Test func anExecutionReportOnTheSubscribedStreamIsJournaledAndApplied() async throws {
        var harness = LiveHarness()
        let session = try await harness.start(LiveHarness.restingBuy)
        let calls = await harness.gateway.calls
        #expect(calls.firstIndex(of: "subscribe")! < calls.firstIndex(of: "openOrders")!, "the stream is subscribed before the snapshot: \(calls)")
        await session.bar(harness.bar(100))
        let id = try #require(await session.status.orders.keys.first)
        let report = await harness.gateway.match(id, qty: "0.02", price: "90.00")
        await harness.gateway.emit(.execution(report, eventTime: 5))
        for _ in 0..<200 where await session.status.orders[id] != .filled {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(await session.status.orders[id] == .filled)
        #expect(harness.journalLines().contains { $0.contains("\"stream\"") && $0.contains("\"execution\"") })
        await harness.checkInvariants(session)
    }
}
