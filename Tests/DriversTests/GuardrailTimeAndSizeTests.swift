import Foundation
import Guardrails
import Testing
@testable import Drivers

/// Breaker resets over re-run feeds and size limits with open positions, in paper sessions.
@Suite("Breaker resets over older feeds; size limits and reducing orders")
struct GuardrailTimeAndSizeTests {
    /// Buys 1 on the first bar, closes on the 100th, and tries a small buy every 10th bar after that.
    static let buyThenClose = """
    strategy = { name = "roundtrip", params = {} }
    function on_bar(ctx, bar)
      ctx.state.n = (ctx.state.n or 0) + 1
      if ctx.state.n == 1 then ctx:buy{ qty = 1 }
      elseif ctx.state.n == 100 then ctx:close()
      elseif ctx.state.n > 100 and ctx.state.n % 10 == 0 then ctx:buy{ qty = 0.01 } end
    end
    """

    func session(project: Project, strategy: String, journal: String, shouldStop: @escaping (Int) -> Void = { _ in }) async throws -> PaperSummary {
        let request = PaperRequest(project: project, strategyPath: strategy, feedPath: Paths.fixture("sma_reference_bars.csv"), symbol: "REF", journalPath: journal)
        let gated = try ApprovalFixture.approved(request)
        var bars = 0
        return try await Paper.run(gated, clock: SteppingClock(), wallTime: "2026-01-01T00:00:00Z", shouldStop: {
            bars += 1
            shouldStop(bars)
            return false
        }, log: { _ in })
    }

    func project(policy: String) throws -> (Project, String) {
        let project = try TestProject.make("guard")
        try policy.write(toFile: project.policiesDirectory + "/default.yaml", atomically: true, encoding: .utf8)
        let strategy = Paths.scratch("strategy") + "/roundtrip.lua"
        try Self.buyThenClose.write(toFile: strategy, atomically: true, encoding: .utf8)
        return (project, strategy)
    }

    @Test("a breaker tripped later in feed time than a re-run's feed starts resets after its `after`, counted from the first bar")
    func rerunOverOlderFeed() async throws {
        let (project, strategy) = try project(policy: """
        policy: test
        rules: []
        breakers:
          - { id: streak, when: { consecutive_losses: 1000 }, action: halted, reset: { after: 1h } }
        """)
        // An earlier run over newer data left the breaker tripped at a time after this whole feed.
        let later = try #require(ISO8601DateFormatter().date(from: "2024-02-01T00:00:00Z")).timeIntervalSince1970 * 1000
        try GuardStateStore(directory: project.stateDirectory).save(
            GuardrailsSnapshot(policyHash: "x", breakers: ["streak": .init(mode: .halted, trippedAt: Int64(later), reason: "tripped on newer data")]), strategy: "roundtrip"
        )
        let journal = Paths.scratch("rerun") + "/s.jsonl"
        let summary = try await session(project: project, strategy: strategy, journal: journal)
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        #expect(text.contains("reset after 1h"), "released an hour of feed time after the first bar")
        #expect(summary.rejectionsByRule["streak"] == 1, "the first bar's buy is refused while tripped: \(summary.rejectionsByRule)")
        #expect(text.contains("\"kind\":\"submitted\""), "orders flow once it resets")
        #expect(try Replay.run(journalPath: journal, log: { _ in }).matches, "the header holds the rebased trip, so the replay agrees")
    }

    @Test("a tightened notional limit never traps an open position: the closing order passes; `reducing: checked` opts back in", arguments: [false, true])
    func tightenedLimit(checked: Bool) async throws {
        let loose = "policy: test\nrules:\n  - { id: max-notional, max_order_notional: { limit: 1000 } }\n"
        let tight = "policy: test\nrules:\n  - { id: max-notional, \(checked ? "reducing: checked, " : "")max_order_notional: { limit: 50 } }\n"
        let (project, strategy) = try project(policy: loose)
        let policyPath = project.policiesDirectory + "/default.yaml"
        let journal = Paths.scratch("tight") + "/s.jsonl"
        let summary = try await session(project: project, strategy: strategy, journal: journal) { bar in
            if bar == 50 { try? tight.write(toFile: policyPath, atomically: true, encoding: .utf8) }
        }
        let lines = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n")
        #expect(lines.contains { $0.contains("\"type\":\"policy\"") }, "the tightened policy took over")
        let closeSubmitted = lines.contains { $0.contains("\"kind\":\"submitted\"") && $0.contains("\"side\":\"sell\"") && $0.contains("\"tag\":\"close\"") }
        let closeRejected = lines.contains { $0.contains("\"kind\":\"rejected\"") && $0.contains("\"side\":\"sell\"") && $0.contains("\"rule\":\"max-notional\"") }
        if checked {
            #expect(closeRejected && !closeSubmitted, "opted in: the close is refused by the size rule")
            #expect((summary.rejectionsByRule["max-notional"] ?? 0) >= 1)
        } else {
            #expect(closeSubmitted && !closeRejected, "the close passed the tightened limit")
            #expect(summary.rejectionsByRule["max-notional"] == nil, "the later small buys are 1 each, under 50: \(summary.rejectionsByRule)")
        }
    }
}
