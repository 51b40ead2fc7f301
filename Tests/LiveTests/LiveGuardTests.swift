import Foundation
import Binance
import Live
import SparkCore
import Testing

@Suite("Live: guardrails see orders in flight")
struct LiveGuardTests {
    static let policy = """
    policy: live-test
    description: a small position cap
    applies_to: { strategies: ["*"], symbols: ["*"], modes: [live] }
    rules:
      - id: btc-position
        max_position: { limit: 0.015 }
    """

    @Test func anUnknownOrderCountsAsFilledUntilItIsResolved() async throws {
        var harness = LiveHarness()
        try Self.policy.write(toFile: harness.path("policy.yaml"), atomically: true, encoding: .utf8)
        await harness.gateway.set(faults: [.lostRequest])
        await harness.gateway.set(journalPath: harness.path("live.jsonl"))
        let setup = LiveSetup(
            config: LiveHarness.config, strategyPath: "strategies/test.lua", strategySource: LiveHarness.buyEveryBar, instrument: LiveHarness.instrument,
            policyPath: harness.path("policy.yaml")
        )
        let session = try await LiveSession.start(setup, gateway: harness.gateway, clock: harness.clock, journalPath: harness.path("live.jsonl"), log: { _ in })
        await session.bar(harness.bar(100))
        #expect(await session.status.orders.values.first == .unknown)
        await session.bar(harness.bar(100))
        #expect(await harness.gateway.placeCalls.count == 1)
        let lines = harness.journalLines()
        #expect(lines.contains { $0.contains("guard_rejected") || $0.contains("max_position") })
        #expect(lines.contains { $0.contains("\"verdict\":\"passed\"") && $0.contains("\"policyHash\":\"") })
        await harness.checkInvariants(session)
    }
}
