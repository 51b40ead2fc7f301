import Foundation
import Testing
import Approvals
import Audit
@testable import Drivers

/// What a running paper session does when its approval stops standing: it asks the gate again between
/// bars (its clock steps one second per read here, so no test waits) and stops before the next bar.
@Suite("A running session whose approval expires, is revoked or is superseded")
struct ApprovalLapseTests {
    static func request(_ project: Project, size: Double = 1) -> PaperRequest {
        var request = PaperRequest(project: project, strategyPath: Paths.repo("strategies/sma_cross.lua"), feedPath: Paths.fixture("sma_reference_bars.csv"), symbol: "REF", journalPath: Paths.scratch("paper") + "/s.jsonl")
        request.overrides = ["size": .number(size)]
        return request
    }

    /// Runs the approved session from `start` and checks it stopped early for `reason`, journaled and replayable.
    static func lapses(_ request: PaperRequest, start: String, reason: String) async throws {
        let summary = try await Paper.run(request, clock: SteppingClock(), wallTime: start, log: { _ in })
        #expect(summary.lapsed?.contains(reason) == true, "\(summary.lapsed ?? "did not lapse")")
        #expect(summary.bars > 0 && summary.bars < 3000, "started, then stopped early: \(summary.bars) bars")
        let end = try #require(try String(contentsOfFile: request.journalPath, encoding: .utf8).split(separator: "\n").last)
        #expect(end.contains("\"reason\":\"approval lapsed: "))
        #expect(try Replay.run(journalPath: request.journalPath, log: { _ in }).matches)
        let session = try #require(try AuditLog(path: request.project.stateDirectory + "/runtime.log").verify().last { $0.kind == "paper.session" })
        #expect(session.details["end"]?.hasPrefix("approval lapsed") == true)
    }

    @Test("an approval that expires mid-session stops the session before the next bar")
    func expires() async throws {
        let request = try ApprovalFixture.approved(Self.request(try TestProject.make()))
        // The fixture's approval expires 30 days after 2025-12-31: ten minutes after this start.
        try await Self.lapses(request, start: "2026-01-29T23:50:00.000Z", reason: "expired")
    }

    @Test("a key revoked mid-session stops the session it approved")
    func revoked() async throws {
        let request = try ApprovalFixture.approved(Self.request(try TestProject.make()))
        let store = ApprovalStore(directory: request.project.approvalsDirectory, stateDirectory: request.project.stateDirectory)
        let bob = try #require(try store.keys().keys.first { $0.owner == "bob" })
        try store.revokeKey(bob.id, reason: "stolen", actor: "carol", now: ApprovalTime.parse("2026-01-01T00:05:00.000Z")!)
        try await Self.lapses(request, start: "2026-01-01T00:00:00.000Z", reason: "revoked")
    }

    @Test("a newer approval for the strategy supersedes a running session's params")
    func superseded() async throws {
        let project = try TestProject.make()
        let request = try ApprovalFixture.approved(Self.request(project))
        // Approved with a clock five minutes ahead of the session: it counts once the session's time reaches it.
        _ = try ApprovalFixture.approved(Self.request(project, size: 2), at: ApprovalTime.parse("2026-01-01T00:05:00.000Z")!)
        try await Self.lapses(request, start: "2026-01-01T00:00:00.000Z", reason: "superseded")
    }
}
