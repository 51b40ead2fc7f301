import Foundation
import Testing
import Approvals
import Desk
import Drivers
import SparkConfig
import Workflow
@testable import Live

@Suite("A running live session adopts a changed policy only with a valid live approval")
struct LiveGovernorTests {
    static func governor(_ project: Project, strategy: String) throws -> LiveGovernor {
        let setup = try RunSetup.prepare(strategyPath: strategy, paramsPath: nil, overrides: [:], symbol: "BTCUSDT", instrumentsPath: nil, limits: .init(), seed: 1)
        let check = try LiveProject.check(project)
        let launch = check.launch(strategy: setup.strategy.schema.name, paramsHash: setup.paramsSHA256, strategyHash: setup.strategySHA256, symbol: "BTCUSDT")
        return try LiveGovernor(check: check, launch: launch, guardrailPolicy: project.policiesDirectory + "/default.yaml")
    }

    static func append(_ line: String, to file: String, in project: Project) throws {
        let path = project.policiesDirectory + "/" + file
        try (try String(contentsOfFile: path, encoding: .utf8) + line).write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func refusals(_ decisions: [LiveGovernor.Decision]) -> [String] {
        decisions.compactMap { if case .refused(let file, _, let reason) = $0 { "\(file): \(reason)" } else { nil } }
    }

    @Test("an unapproved edit is refused once and the version in force stays; the session's approval still stands")
    func unapprovedEditRefused() throws {
        let (project, _, strategy) = try LiveProject.make()
        let governor = try Self.governor(project, strategy: strategy)
        let before = governor.inForce
        #expect(governor.poll(now: LiveProject.now).isEmpty)
        try Self.append("# tightened\n", to: "approval.yaml", in: project)
        let first = governor.poll(now: LiveProject.now)
        #expect(Self.refusals(first).count == 1)
        #expect(Self.refusals(first).first?.contains("approval.yaml") == true)
        #expect(!first.contains { if case .lapsed = $0 { true } else { false } })
        #expect(governor.inForce == before)
        #expect(governor.poll(now: LiveProject.now).isEmpty, "a refusal is reported once per new hash")
    }

    @Test("a guardrail policy edit takes over once risk approved it and the params were approved under it")
    func approvedEditAdopted() throws {
        let (project, desk, strategy) = try LiveProject.make()
        let governor = try Self.governor(project, strategy: strategy)
        let path = project.policiesDirectory + "/default.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try (text + "  - { broken\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(Self.refusals(governor.poll(now: LiveProject.now)).first?.contains("default.yaml") == true, "a file that no longer loads is refused")
        try text.replacingOccurrences(of: "limit: 25000,", with: "limit: 20000,").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(Self.refusals(governor.poll(now: LiveProject.now)).count == 1, "a tighter limit is refused until approved")
        try desk.approveForLive(strategyPath: strategy, paramsPath: nil, symbol: "BTCUSDT", guardrailPolicy: project.policiesDirectory + "/default.yaml", now: LiveProject.now.addingTimeInterval(-60))
        let decisions = governor.poll(now: LiveProject.now)
        let hash = try PolicyFile.identity(path: project.policiesDirectory + "/default.yaml")
        #expect(decisions.contains(.adopt(file: "default.yaml", hash: hash)), "\(decisions)")
        #expect(governor.inForce["default.yaml"] == hash)
    }

    @Test("an approval that expires mid-session lapses the session, and a change approved too long ago is refused")
    func expiry() throws {
        let (project, desk, strategy) = try LiveProject.make()
        let governor = try Self.governor(project, strategy: strategy)
        try Self.append("# later\n", to: "approval.yaml", in: project)
        try desk.approvePolicies(now: LiveProject.now.addingTimeInterval(-60))
        let later = LiveProject.now.addingTimeInterval(366 * 86_400)
        let decisions = governor.poll(now: later)
        #expect(Self.refusals(decisions).count == 1, "\(decisions)")
        #expect(decisions.contains { if case .lapsed(let reason) = $0 { reason.contains("expired") || reason.contains("quorum") } else { false } }, "\(decisions)")
        #expect(governor.lapsed != nil)
    }

    @Test("revoking a risk key mid-session refuses the change it approved and lapses the session it cleared")
    func revocation() throws {
        let (project, desk, strategy) = try LiveProject.make()
        let governor = try Self.governor(project, strategy: strategy)
        try Self.append("# revoked later\n", to: "approval.yaml", in: project)
        try desk.approvePolicies(now: LiveProject.now.addingTimeInterval(-60))
        _ = try desk.workflow.store.revokeKey(desk.risk[0].id, reason: "laptop stolen", actor: "ravi", now: LiveProject.now.addingTimeInterval(-30))
        let decisions = governor.poll(now: LiveProject.now)
        #expect(Self.refusals(decisions).count == 1, "\(decisions)")
        #expect(decisions.contains { if case .lapsed = $0 { true } else { false } }, "\(decisions)")
    }

    @Test("a change whose approval was superseded by a newer approved version is refused")
    func superseded() throws {
        let (project, desk, strategy) = try LiveProject.make()
        let governor = try Self.governor(project, strategy: strategy)
        let path = project.policiesDirectory + "/approval.yaml"
        let original = try String(contentsOfFile: path, encoding: .utf8)
        try (original + "# version B\n").write(toFile: path, atomically: true, encoding: .utf8)
        try desk.approvePolicies(now: LiveProject.now.addingTimeInterval(-120))
        try (original + "# version C\n").write(toFile: path, atomically: true, encoding: .utf8)
        try desk.approvePolicies(now: LiveProject.now.addingTimeInterval(-60))
        try (original + "# version B\n").write(toFile: path, atomically: true, encoding: .utf8)
        let decisions = governor.poll(now: LiveProject.now)
        #expect(Self.refusals(decisions).first?.contains("edited after approval") == true, "\(decisions)")
        #expect(governor.inForce["approval.yaml"] != (try PolicyFile.identity(path: path)))
    }

    @Test("a newer live approval of other params supersedes the running one: the session lapses, and stands again once its params are approved anew")
    func supersededApprovalLapsesAndStandsAgain() throws {
        let (project, desk, strategy) = try LiveProject.make()
        let governor = try Self.governor(project, strategy: strategy)
        let policy = project.policiesDirectory + "/default.yaml"
        #expect(governor.poll(now: LiveProject.now).isEmpty)
        try desk.approveForLive(strategyPath: strategy, paramsPath: LiveProject.repo + "/params/sma_cross/fast.yaml", symbol: "BTCUSDT", guardrailPolicy: policy, now: LiveProject.now.addingTimeInterval(-120))
        let lapsed = governor.poll(now: LiveProject.now)
        #expect(lapsed.contains { if case .lapsed(let reason) = $0 { reason.contains("superseded") } else { false } }, "\(lapsed)")
        #expect(Self.refusals(lapsed).isEmpty, "no policy file changed: \(lapsed)")
        #expect(governor.lapsed?.contains("superseded") == true)
        #expect(governor.poll(now: LiveProject.now).isEmpty, "a lapse is reported once")
        // The running params proposed again over the newer ones (a rollback is a new change) and approved.
        try desk.approveForLive(strategyPath: strategy, paramsPath: nil, symbol: "BTCUSDT", guardrailPolicy: policy, now: LiveProject.now.addingTimeInterval(-60))
        #expect(governor.poll(now: LiveProject.now) == [.restored])
        #expect(governor.lapsed == nil)
    }

    @Test("a params proposal for the running strategy that is still pending does not supersede anything")
    func pendingProposalDoesNotSupersede() throws {
        let (project, desk, strategy) = try LiveProject.make()
        let governor = try Self.governor(project, strategy: strategy)
        let setup = try RunSetup.prepare(strategyPath: strategy, paramsPath: LiveProject.repo + "/params/sma_cross/fast.yaml", overrides: [:], symbol: "BTCUSDT", instrumentsPath: nil, limits: .init(), seed: 1)
        let policy = try desk.workflow.policy()
        // Proposed over the params that run, as `spark params propose` would.
        let base = try RunSetup.prepare(strategyPath: strategy, paramsPath: nil, overrides: [:], symbol: "BTCUSDT", instrumentsPath: nil, limits: .init(), seed: 1).paramsSHA256
        _ = try desk.workflow.store.propose(
            .init(target: .params, subject: "sma_cross", environment: .live, baseHash: base, newHash: setup.paramsSHA256, strategyHash: setup.strategySHA256,
                  symbols: ["BTCUSDT"], guardrailPolicy: try PolicyFile.identity(path: project.policiesDirectory + "/default.yaml"), file: "fast.yaml",
                  reason: "pending", details: ""),
            key: desk.quant, policy: policy, now: LiveProject.now.addingTimeInterval(-60)
        )
        #expect(governor.poll(now: LiveProject.now).isEmpty)
        #expect(governor.lapsed == nil)
    }
}
