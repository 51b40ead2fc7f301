import Foundation
import Audit
import Binance
import Live
import SparkCore
import Testing

@Suite("Live: fail closed, kill switch and breakers")
struct LiveSafetyTests {
    @Test func aJournalThatCannotBeWrittenStopsNewOrdersAndSaysWhy() async throws {
        var harness = LiveHarness()
        let session = try await harness.start(LiveHarness.buyOnce, sink: FailingSink(capacity: 7))
        await session.bar(harness.bar(100))
        let status = await session.status
        #expect(await harness.gateway.placeCalls.isEmpty)
        #expect(status.journalFailure?.contains("No space left") == true)
        #expect(status.blocked?.contains("journal") == true)
        #expect(status.killLevel == 1 && status.killReason?.contains("journal write failure") == true)
    }

    @Test func killLevelTwoCancelsEverySparkOrderVerifiesNoneRemainAndBlocksNewOnes() async throws {
        var harness = LiveHarness()
        let audit = AuditLog(path: harness.path("runtime.jsonl"))
        let session = try await harness.start(LiveHarness.restingEveryBar, audit: audit)
        await session.bar(harness.bar(100))
        await session.bar(harness.bar(100))
        #expect(await session.status.orders.values.filter { $0 == .new }.count == 2)
        await session.control(.kill(level: 2, by: "ops", reason: "test"))
        let status = await session.status
        #expect(status.killVerified == true)
        #expect(status.orders.values.allSatisfy { $0 == .canceled })
        #expect(try await harness.gateway.openOrders(symbol: "BTCUSDT").isEmpty)
        await session.bar(harness.bar(100))
        #expect(await harness.gateway.placeCalls.count == 2)
        let trail = (try? String(contentsOfFile: harness.path("runtime.jsonl"), encoding: .utf8)) ?? ""
        #expect(trail.contains("live.kill"))
        await session.control(.release(by: "ops", reason: "resolved"))
        await session.bar(harness.bar(100))
        #expect(await harness.gateway.placeCalls.count == 3)
        await harness.checkInvariants(session)
    }

    @Test func clockSkewBeyondTheToleranceTripsTheKillSwitch() async throws {
        var harness = LiveHarness()
        await harness.gateway.set(skew: 5_000)
        let session = try await harness.start(LiveHarness.buyOnce)
        #expect(await session.status.killReason?.contains("clock skew") == true)
        await session.bar(harness.bar(100))
        #expect(await harness.gateway.placeCalls.isEmpty)
    }

    @Test func aBanTripsTheKillSwitchAndNoRequestGoesOutInsideTheWindow() async throws {
        var harness = LiveHarness()
        let until = harness.clock.now() + 120_000
        await harness.gateway.set(faults: [.banned(until: until)])
        let session = try await harness.start(LiveHarness.restingEveryBar)
        await session.bar(harness.bar(100))
        #expect(await session.status.killLevel == 1)
        #expect(await session.status.orders.values.first == .rejected)
        let calls = await harness.gateway.calls.count
        await session.control(.kill(level: 2, by: "ops", reason: "ban"))
        harness.clock.advance(60_000)
        await session.tick()
        #expect(await harness.gateway.calls.count == calls, "a request inside the ban window")
        harness.clock.advance(61_000)
        await session.tick()
        #expect(await harness.gateway.calls.count > calls, "the held verification goes out after the window")
    }

    @Test func anOrderLeftUnknownTooLongTripsTheKillSwitch() async throws {
        var harness = LiveHarness()
        var config = LiveHarness.config
        config.notPlacedAnswers = 1_000
        await harness.gateway.set(faults: [.lostRequest])
        let session = try await harness.start(LiveHarness.buyOnce, config: config)
        await session.bar(harness.bar(100))
        for _ in 0..<8 {
            harness.clock.advance(5_000)
            await session.tick()
        }
        #expect(await session.status.killReason?.contains("unresolved order") == true)
        #expect(await harness.gateway.placeCalls.count == 1)
    }

    @Test func staleDataWithAPositionOpenTripsTheKillSwitch() async throws {
        var harness = LiveHarness()
        let session = try await harness.start(LiveHarness.buyOnce)
        await session.bar(harness.bar(100))
        #expect(await session.status.enginePosition == 1_000)
        harness.clock.advance(120_000)
        await session.tick()
        #expect(await session.status.killLevel == 0)
        harness.clock.advance(300_000)
        await session.tick()
        #expect(await session.status.killReason?.contains("stale data") == true)
    }
}
