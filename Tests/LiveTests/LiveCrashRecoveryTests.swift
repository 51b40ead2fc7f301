import Foundation
import Binance
import Live
import SparkCore
import Testing

/// A `kill -9` at `after_intent_fsync` or `after_response` leaves a journal that ends with the
/// intent: these tests cut a journal there, then restart from it.
@Suite("Live: restart after a crash mid-order")
struct LiveCrashRecoveryTests {
    /// Copies `live.jsonl` up to and including its first intent line, as a crash would leave it.
    static func crashAfterIntent(_ harness: LiveHarness) throws {
        let lines = harness.journalLines()
        let intent = try #require(lines.firstIndex { $0.contains("\"type\":\"intent\"") })
        try (lines[...intent].joined(separator: "\n") + "\n").write(toFile: harness.path("crashed.jsonl"), atomically: true, encoding: .utf8)
    }

    @Test func anOrderThatReachedTheExchangeBeforeTheCrashIsFoundByQueryNotPlacedAgain() async throws {
        var harness = LiveHarness()
        let first = try await harness.start(LiveHarness.buyOnce)
        await first.bar(harness.bar(100))
        try Self.crashAfterIntent(harness)
        let session = try await harness.start(LiveHarness.buyOnce, journal: "restart.jsonl", previous: "crashed.jsonl")
        let status = await session.status
        #expect(status.orders.values.first == .filled, "\(status.orders)")
        #expect(status.enginePosition == 1_000)
        #expect(await harness.gateway.placeCalls.count == 1)
        #expect(status.blocked == nil)
        await harness.checkInvariants(session)
        let replay = try LiveReplay.run(journal: harness.path("restart.jsonl"))
        #expect(replay.matches && replay.journals == 2, "\(String(describing: replay.firstMismatch))")
    }

    @Test func anOrderThatNeverReachedTheExchangeBecomesNotPlacedAfterRestart() async throws {
        var harness = LiveHarness()
        await harness.gateway.set(faults: [.lostRequest])
        let first = try await harness.start(LiveHarness.buyOnce)
        await first.bar(harness.bar(100))
        try Self.crashAfterIntent(harness)
        harness.clock.advance(10_000)
        let session = try await harness.start(LiveHarness.buyOnce, journal: "restart.jsonl", previous: "crashed.jsonl")
        let id = try #require(await session.status.orders.keys.first)
        #expect(await session.status.orders[id] == .unknown)
        harness.clock.advance(2_000)
        await session.tick()
        #expect(await session.status.orders[id] == .notPlaced)
        #expect(await session.status.enginePosition == 0)
        #expect(await harness.gateway.placeCounts()[id] == 1, "never resubmitted")
        await harness.checkInvariants(session)
    }
}
