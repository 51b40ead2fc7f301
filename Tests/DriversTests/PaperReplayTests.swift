import Foundation
import Guardrails
import Testing
@testable import Drivers
import Approvals
import Audit
import Engine
import Strategies
import SparkConfig
import Synchronization

@Suite("Paper sessions and replay parity")
struct PaperReplayTests {
    func paper(_ strategy: String, journal: String, configure: (inout PaperRequest) -> Void = { _ in }) async throws -> PaperSummary {
        var request = PaperRequest(project: try TestProject.make(), strategyPath: strategy, feedPath: Paths.fixture("sma_reference_bars.csv"), symbol: "REF", journalPath: journal)
        request.overrides = ["size": .number(1)]
        request.fillModel = FillModel(makerFeeBps: 2, takerFeeBps: 4, slippageBps: 1)
        configure(&request)
        return try await Paper.run(try ApprovalFixture.approved(request), clock: ContinuousClock(), wallTime: "2026-01-01T00:00:00Z", log: { _ in })
    }

    @Test("paper reports its progress after every bar fed, paced or not, so the CLI shows bars done and an ETA", arguments: [nil, 1e9] as [Double?])
    func progress(speed: Double?) async throws {
        let seen = BarCounts()
        let summary = try await paper(Paths.repo("strategies/sma_cross.lua"), journal: Paths.scratch("paper") + "/session.jsonl") {
            $0.speed = speed
            $0.progress = { bars in seen.values.withLock { $0.append(bars) } }
        }
        let counts = seen.values.withLock { $0 }
        #expect(summary.bars > 10)
        #expect(counts == Array(1...summary.bars))
    }

    @Test("replaying a paper journal reproduces every decision and the final portfolio", arguments: ["sma_cross", "breakout"])
    func parity(strategy: String) async throws {
        let journal = Paths.scratch("paper") + "/session.jsonl"
        let summary = try await paper(Paths.repo("strategies/\(strategy).lua"), journal: journal)
        #expect(summary.decisions > 10)
        let header = try #require(String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n").first)
        #expect(header.contains("\"approval\":\"\(strategy)-paper-1\""))
        let outcome = try Replay.run(journalPath: journal, log: { _ in })
        #expect(outcome.firstMismatch == nil, "first mismatch: \(String(describing: outcome.firstMismatch))")
        #expect(outcome.portfolioMatches)
        #expect(outcome.decisions == summary.decisions)
    }

    @Test("a paper session under a volume cap, a latency and the favorable intra-bar path replays to the same decisions")
    func parityUnderEveryFillSetting() async throws {
        let journal = Paths.scratch("paper") + "/session.jsonl"
        let summary = try await paper(Paths.repo("strategies/sma_cross.lua"), journal: journal) { request in
            request.fillModel.volumeShare = 0.5
            request.fillModel.latencyBars = 1
            request.fillModel.intrabar = .favorable
        }
        #expect(summary.decisions > 10)
        let header = try #require(String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n").first)
        #expect(header.contains("\"latency_bars\":1") && header.contains("\"volume_share\":0.5"), "the journal records every fill setting")
        let outcome = try Replay.run(journalPath: journal, log: { _ in })
        #expect(outcome.matches, "\(String(describing: outcome.firstMismatch))")
        #expect(outcome.decisions == summary.decisions)
    }

    @Test("paper and backtest make the same decisions on the same bars")
    func paperMatchesBacktest() async throws {
        let journal = Paths.scratch("paper") + "/session.jsonl"
        let summary = try await paper(Paths.repo("strategies/sma_cross.lua"), journal: journal)
        var request = BacktestRequest(strategyPath: Paths.repo("strategies/sma_cross.lua"), data: .csv(path: Paths.fixture("sma_reference_bars.csv")), symbol: "REF")
        request.overrides = ["size": .number(1)]
        request.fillModel = FillModel(makerFeeBps: 2, takerFeeBps: 4, slippageBps: 1)
        request.policyPath = Paths.repo("policies/default.yaml")
        let report = try Backtest.run(request, warn: { _ in })
        #expect(abs(summary.equity - report.metrics.equityFinal) < 1e-9)
        #expect(!report.breakerEvents.isEmpty, "the reference data should trip the loss-streak breaker")
    }

    @Test("a replay detects an edited decision in the journal and names it")
    func tamperedJournalIsCaught() async throws {
        let journal = Paths.scratch("paper") + "/session.jsonl"
        _ = try await paper(Paths.repo("strategies/sma_cross.lua"), journal: journal)
        var text = try String(contentsOfFile: journal, encoding: .utf8)
        let range = try #require(text.range(of: "\"kind\":\"fill\""))
        let line = text[range.lowerBound...].prefix { $0 != "\n" }
        let edited = line.replacingOccurrences(of: "\"maker\":false", with: "\"maker\":true")
        text.replaceSubrange(range.lowerBound..<line.endIndex, with: edited)
        try text.write(toFile: journal, atomically: true, encoding: .utf8)
        let outcome = try Replay.run(journalPath: journal, log: { _ in })
        #expect(outcome.firstMismatch != nil)
    }

    @Test("an overrun in paper halts the strategy, is journaled at its event, and replays identically")
    func overrunReplays() async throws {
        let strategy = Paths.write("""
        strategy = { name = "late", params = { size = { type = "number", default = 1 } } }
        local n = 0
        function on_bar(ctx, bar)
          n = n + 1
          if n == 5 then ctx:buy{ qty = 1 } end
          if n == 50 then while true do end end
        end
        """, named: "late.lua")
        let journal = Paths.scratch("paper") + "/session.jsonl"
        let summary = try await paper(strategy, journal: journal) { $0.limits.timeBudget = .milliseconds(100) }
        #expect(summary.failure?.code == .timeBudget)
        #expect(summary.bars == 3000)
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        #expect(text.contains("\"type\":\"overrun\""))
        // The replay must halt at the same event without needing the loop to overrun again.
        let outcome = try Replay.run(journalPath: journal, log: { _ in })
        #expect(outcome.matches)
    }

    @Test("a journal cut off mid-line replays the complete prefix and says it is unfinished")
    func truncatedJournal() async throws {
        let journal = Paths.scratch("paper") + "/session.jsonl"
        _ = try await paper(Paths.repo("strategies/sma_cross.lua"), journal: journal)
        let data = try Data(contentsOf: URL(fileURLWithPath: journal))
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        let cut = lines.prefix(lines.count / 2).joined(separator: "\n") + "\n{\"type\":\"bar\",\"after_ev"
        try cut.write(toFile: journal, atomically: true, encoding: .utf8)
        var warnings: [String] = []
        let outcome = try Replay.run(journalPath: journal, log: { warnings.append($0) })
        #expect(!outcome.finished)
        #expect(outcome.firstMismatch == nil)
        #expect(warnings.contains { $0.contains("incomplete") })
    }

    @Test("paper with unapproved params is refused before the first bar, naming what is missing")
    func unapprovedParamsRefused() async throws {
        let journal = Paths.scratch("paper") + "/session.jsonl"
        var request = PaperRequest(project: try TestProject.make(), strategyPath: Paths.repo("strategies/sma_cross.lua"), feedPath: Paths.fixture("sma_reference_bars.csv"), symbol: "REF", journalPath: journal)
        request.overrides = ["size": .number(1)]
        let pending = try ApprovalFixture.approved(request, approve: false)
        await #expect {
            try await Paper.run(pending, clock: ContinuousClock(), wallTime: "2026-01-01T00:00:00Z", log: { _ in })
        } throws: { error in
            "\(error)".contains("paper refused: proposal sma_cross-paper-1") && "\(error)".contains("1 more approver")
        }
        #expect(!FileManager.default.fileExists(atPath: journal))

        // Approved for size 1, but the session asks for size 2: a different hash, refused.
        var edited = try ApprovalFixture.approved(request)
        edited.overrides = ["size": .number(2)]
        await #expect {
            try await Paper.run(edited, clock: ContinuousClock(), wallTime: "2026-01-01T00:00:00Z", log: { _ in })
        } throws: { error in
            "\(error)".contains("edited after approval")
        }
        let entries = try AuditLog(path: edited.project.stateDirectory + "/runtime.log").verify()
        #expect(entries.last?.kind == "gate.refused")
        #expect(try AuditLog(path: edited.project.approvalsDirectory + "/audit.log").verify().allSatisfy { $0.kind != "gate.refused" }, "the tracked log holds only acts by people")
    }

    @Test("equivalent param files (reordered keys, 0.050 vs 0.05) share the approval")
    func equivalentFilesShareApproval() async throws {
        let first = Paths.write("strategy: sma_cross\nvalues: { fast: 10, slow: 30, size: 0.05 }\n", named: "a.yaml")
        let second = Paths.write("values:\n  size: 0.050\n  slow: 30\n  fast: 10\nstrategy: sma_cross\n", named: "b.yaml")
        var request = PaperRequest(project: try TestProject.make(), strategyPath: Paths.repo("strategies/sma_cross.lua"), feedPath: Paths.fixture("sma_reference_bars.csv"), symbol: "REF", journalPath: Paths.scratch("paper") + "/s.jsonl")
        request.paramsPath = first
        var approved = try ApprovalFixture.approved(request)
        approved.paramsPath = second
        let summary = try await Paper.run(approved, clock: ContinuousClock(), wallTime: "2026-01-01T00:00:00Z", log: { _ in })
        #expect(summary.bars == 3000)
    }

    @Test("a file that is not a journal is refused with its line")
    func notAJournal() throws {
        let path = Paths.write("time,open\n1,2\n", named: "x.jsonl")
        #expect {
            try Replay.run(journalPath: path, log: { _ in })
        } throws: { error in
            "\(error)".contains("x.jsonl:1")
        }
    }
}

@Suite("Guardrails in paper sessions")
struct PaperGuardrailTests {
    func paper(journal: String, project: Project, approved: ((PaperRequest) -> Void)? = nil) async throws -> PaperSummary {
        var request = PaperRequest(project: project, strategyPath: Paths.repo("strategies/sma_cross.lua"), feedPath: Paths.fixture("sma_reference_bars.csv"), symbol: "REF", journalPath: journal)
        request.overrides = ["size": .number(1)]
        let gated = try ApprovalFixture.approved(request)
        approved?(gated)
        return try await Paper.run(gated, clock: ContinuousClock(), wallTime: "2026-01-01T00:00:00Z", log: { _ in })
    }

    @Test("the kill switch halts a paper session, is journaled at its place, and the replay repeats it")
    func killSwitch() async throws {
        let project = try TestProject.make()
        let state = project.stateDirectory
        try GuardStateStore(directory: state).setKill(true, reason: "test incident")
        let journal = Paths.scratch("paper") + "/session.jsonl"
        let summary = try await paper(journal: journal, project: project)
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        #expect(text.contains("\"type\":\"control\",\"before_bar\":0,\"kind\":\"kill_on\""))
        #expect(text.contains("\"rule\":\"kill-switch\""))
        #expect(!text.contains("\"kind\":\"submitted\""), "no order leaves while the switch is on")
        let outcome = try Replay.run(journalPath: journal, log: { _ in })
        #expect(outcome.matches, "\(String(describing: outcome.firstMismatch))")
        #expect(outcome.decisions == summary.decisions)
    }

    @Test("breaker state survives a restart: the next session starts tripped, journals it, and replays identically")
    func restart() async throws {
        let project = try TestProject.make()
        let state = project.stateDirectory
        let first = Paths.scratch("paper") + "/first.jsonl"
        _ = try await paper(journal: first, project: project)
        let saved = try #require(try GuardStateStore(directory: state).snapshot(strategy: "sma_cross"))
        #expect(saved.breakers.count == 6)
        #expect(saved.peakEquity != nil)
        let second = Paths.scratch("paper") + "/second.jsonl"
        _ = try await paper(journal: second, project: project)
        let header = try #require(try String(contentsOfFile: second, encoding: .utf8).split(separator: "\n").first)
        #expect(header.contains("\"guard_state\":\"{"))
        let outcome = try Replay.run(journalPath: second, log: { _ in })
        #expect(outcome.matches, "\(String(describing: outcome.firstMismatch))")
    }

    @Test("a manual reset queued while a breaker holds is applied by the next session, journaled, and replayed")
    func manualReset() async throws {
        let project = try TestProject.make()
        let state = project.stateDirectory
        let store = GuardStateStore(directory: state)
        try store.save(GuardrailsSnapshot(policyHash: "x", breakers: ["drawdown": .init(mode: .halted, trippedAt: 0, reason: "drawdown 12% from peak ≥ 10%")]), strategy: "sma_cross")
        let requestAudit = AuditLog(path: Paths.scratch("audit") + "/audit.log")
        try store.requestReset(strategy: "sma_cross", breaker: "drawdown", by: "ayse", reason: "reviewed the losses", at: Date(timeIntervalSince1970: 1_767_225_600), audit: requestAudit)
        #expect(try requestAudit.verify().map(\.kind) == ["breaker.reset"])
        let journal = Paths.scratch("paper") + "/session.jsonl"
        _ = try await paper(journal: journal, project: project)
        let sessionAudit = try AuditLog(path: project.stateDirectory + "/runtime.log").verify()
        #expect(sessionAudit.contains { $0.kind == "breaker.release" && $0.subject == "sma_cross/drawdown" && $0.details["reason"] == "manual reset by ayse: reviewed the losses" })
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        #expect(text.contains("\"kind\":\"reset\",\"breaker\":\"drawdown\",\"by\":\"ayse\""))
        #expect(text.contains("manual reset by ayse: reviewed the losses"))
        #expect(try store.takePendingResets(strategy: "sma_cross").isEmpty, "the reset was consumed")
        #expect(try Replay.run(journalPath: journal, log: { _ in }).matches)
    }
}

@Suite("Policy reload in paper sessions")
struct PolicyReloadTests {
    @Test("a changed policy takes over between bars, a broken one is refused while the old stays, and replay follows both")
    func reload() async throws {
        let project = try TestProject.make()
        let directory = Paths.scratch("reload")
        let policyPath = project.policiesDirectory + "/policy.yaml"
        let loose = "policy: p\nrules:\n  - { id: max-qty, max_order_quantity: { limit: 10 } }\n"
        let strict = "policy: p\nrules:\n  - { id: max-qty, max_order_quantity: { limit: 0.5 } }\n"
        try loose.write(toFile: policyPath, atomically: true, encoding: .utf8)
        var request = PaperRequest(project: project, strategyPath: Paths.repo("strategies/sma_cross.lua"), feedPath: Paths.fixture("sma_reference_bars.csv"), symbol: "REF", journalPath: directory + "/session.jsonl")
        request.overrides = ["size": .number(1)]
        request.policyPath = policyPath
        let gated = try ApprovalFixture.approved(request)
        var bars = 0
        var lines: [String] = []
        let summary = try await Paper.run(gated, clock: SteppingClock(), wallTime: "2026-01-01T00:00:00Z", shouldStop: {
            bars += 1
            // Bar 1000: a stricter limit. Bar 2000: a file that does not parse.
            if bars == 1000 { try? strict.write(toFile: policyPath, atomically: true, encoding: .utf8) }
            if bars == 2000 { try? "policy: p\nrules: [ { id: x, max_order_quantity: { limit: -1 } } ]\n".write(toFile: policyPath, atomically: true, encoding: .utf8) }
            return false
        }, log: { lines.append($0) })
        #expect(summary.bars == 3000)
        let journal = try String(contentsOfFile: request.journalPath, encoding: .utf8)
        #expect(journal.components(separatedBy: "\"type\":\"policy\"").count == 2, "one swap: the broken version never took over")
        #expect(journal.contains("\"rule\":\"max-qty\""), "the stricter version rejected size 1")
        #expect(lines.contains { $0.hasPrefix("policy reloaded:") })
        #expect(lines.contains { $0.hasPrefix("policy reload refused;") && $0.contains("must be positive") })
        let audit = try AuditLog(path: gated.project.stateDirectory + "/runtime.log").verify().map(\.kind)
        #expect(audit.contains("policy.reloaded") && audit.contains("policy.reload_refused"))
        let outcome = try Replay.run(journalPath: request.journalPath, log: { _ in })
        #expect(outcome.matches, "\(String(describing: outcome.firstMismatch))")
    }
}

/// What a paper session's progress callback reported.
final class BarCounts: Sendable {
    let values = Mutex<[Int]>([])
}
