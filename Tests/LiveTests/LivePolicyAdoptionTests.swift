import Foundation
import Binance
import Desk
import Live
import SparkCore
import Testing

@Suite("Live: a guardrail policy the gate cleared takes over mid-session, journaled and replayed")
struct LivePolicyAdoptionTests {
    static let loose = """
    policy: live-test
    description: a wide position cap
    applies_to: { strategies: ["*"], symbols: ["*"], modes: [live] }
    rules:
      - id: btc-position
        max_position: { limit: 1 }
    """

    @Test func anAdoptedPolicyGovernsTheNextOrdersAndTheReplayRepeatsTheSwap() async throws {
        var harness = LiveHarness()
        let path = harness.path("policy.yaml")
        try Self.loose.write(toFile: path, atomically: true, encoding: .utf8)
        await harness.gateway.set(journalPath: harness.path("live.jsonl"))
        let setup = LiveSetup(
            config: LiveHarness.config, strategyPath: "strategies/test.lua", strategySource: LiveHarness.buyEveryBar, instrument: LiveHarness.instrument,
            policyPath: path
        )
        let session = try await LiveSession.start(setup, gateway: harness.gateway, clock: harness.clock, journalPath: harness.path("live.jsonl"), log: { _ in })
        await session.bar(harness.bar(100))
        #expect(await harness.gateway.placeCalls.count == 1)
        try Self.loose.replacingOccurrences(of: "limit: 1", with: "limit: 0.015").write(toFile: path, atomically: true, encoding: .utf8)
        let tight = try PolicyFile.load(path: path)
        await session.control(.adoptPolicy(PolicyRecord(path: path, text: tight.text, lua: tight.policy.luaSources, sha256: tight.sha256), by: "gate"))
        await session.bar(harness.bar(100))
        #expect(await harness.gateway.placeCalls.count == 1, "the tighter cap refuses a second 0.01")
        let lines = harness.journalLines()
        #expect(lines.contains { $0.contains("takes over (cleared for live, by gate)") })
        #expect(lines.contains { $0.contains("\"policyHash\":\"\(tight.sha256)\"") } == false, "no order went out under the new policy")
        #expect(lines.contains { $0.contains("max_position") || $0.contains("btc-position") })
        let replay = try LiveReplay.run(journal: harness.path("live.jsonl"))
        #expect(replay.matches, "\(String(describing: replay.firstMismatch))")
        await harness.checkInvariants(session)
    }

    @Test func aRecordWhoseTextDoesNotHashAsRecordedIsRefusedAndThePolicyInForceStays() async throws {
        var harness = LiveHarness()
        let path = harness.path("policy.yaml")
        try Self.loose.write(toFile: path, atomically: true, encoding: .utf8)
        let setup = LiveSetup(
            config: LiveHarness.config, strategyPath: "strategies/test.lua", strategySource: LiveHarness.buyEveryBar, instrument: LiveHarness.instrument,
            policyPath: path
        )
        let session = try await LiveSession.start(setup, gateway: harness.gateway, clock: harness.clock, journalPath: harness.path("live.jsonl"), log: { _ in })
        let forged = Self.loose.replacingOccurrences(of: "limit: 1", with: "limit: 0.015")
        await session.control(.adoptPolicy(PolicyRecord(path: path, text: forged, lua: [:], sha256: String(repeating: "a", count: 64)), by: "gate"))
        await session.bar(harness.bar(100))
        await session.bar(harness.bar(100))
        #expect(await harness.gateway.placeCalls.count == 2, "the loose policy still governs")
        #expect(harness.journalLines().contains { $0.contains("refused; the one in force stays") })
    }
}
