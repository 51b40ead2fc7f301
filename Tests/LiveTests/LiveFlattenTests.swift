import Foundation
import Audit
import Binance
import Live
import SparkCore
import Testing

@Suite("Live: flatten and audited trips")
struct LiveFlattenTests {
    @Test func flattenIsAnExplicitCommandThatClosesThePositionEvenWithTheKillSwitchEngaged() async throws {
        var harness = LiveHarness()
        let audit = AuditLog(path: harness.path("runtime.jsonl"))
        await harness.gateway.set(skew: 0)
        let session = try await harness.start(LiveHarness.buyOnce, audit: audit)
        await session.bar(harness.bar(100))
        #expect(await session.status.enginePosition == 1_000)
        harness.clock.advance(400_000)
        await session.tick()
        #expect(await session.status.killLevel == 1, "stale data tripped it; nothing was sold by itself")
        #expect(await harness.gateway.placeCalls.count == 1)
        await session.control(.flatten(by: "ops", reason: "close out"))
        let status = await session.status
        #expect(status.enginePosition == 0 && status.venuePosition == 0)
        #expect(await harness.gateway.placeCalls.last?.side == .sell)
        let trail = (try? String(contentsOfFile: harness.path("runtime.jsonl"), encoding: .utf8)) ?? ""
        #expect(trail.contains("stale data") && trail.contains("live.flatten"))
        await harness.checkInvariants(session)
    }
}
