import Foundation
import Testing
@testable import Approvals

@Suite("The launch gate refuses every threat and names the reason")
struct GateThreatTests {
    @Test("a param set approved by one other person clears paper")
    func approvedClears() throws {
        let desk = try Desk()
        let proposal = try desk.propose("h1")
        try desk.approve(proposal.proposal, by: "bob")
        let clearance = try desk.check("h1")
        #expect(clearance.proposal == proposal.proposal)
        #expect(clearance.approvers == ["bob"])
    }

    @Test("params with no proposal are refused, and the refusal is audited")
    func unproposedIsRefused() throws {
        let desk = try Desk()
        #expect(desk.refusal("h9").contains("no proposal"))
        let entries = try desk.store.logs.runtime.verify()
        #expect(entries.last?.kind == "gate.refused")
        #expect(entries.last?.details["params"] == Desk.hash("h9"))
        #expect(try desk.store.auditLog.verify().allSatisfy { $0.kind != "gate.refused" })
    }

    @Test("a pending proposal is refused with what is missing")
    func pendingNamesMissing() throws {
        let desk = try Desk()
        _ = try desk.propose("h1")
        #expect(desk.refusal("h1").contains("1 more approver"))
    }

    @Test("a signature over another environment is refused")
    func otherEnvironment() throws {
        let desk = try Desk()
        let paper = try desk.propose("h1")
        try desk.approve(paper.proposal, by: "carol")
        let live = try desk.propose("h1", env: .live)
        try desk.approve(live.proposal, by: "dave")
        let paperSignature = try #require(desk.store.proposal(paper.proposal).approvals.first?.envelope)
        try desk.write(paperSignature, into: live.proposal, name: "copied")
        let message = desk.refusal("h1", env: .live)
        #expect(message.contains("signed for environment paper, but this proposal is for live"))
    }

    @Test("an approval does not carry over to an edited param set")
    func editedParams() throws {
        let desk = try Desk()
        let proposal = try desk.propose("h1")
        try desk.approve(proposal.proposal, by: "bob")
        let message = desk.refusal("h1-edited")
        #expect(message.contains("edited after approval"))
    }

    @Test("an approval does not carry over to an edited strategy source")
    func editedStrategy() throws {
        let desk = try Desk()
        let proposal = try desk.propose("h1", strategyHash: "s1")
        try desk.approve(proposal.proposal, by: "bob")
        #expect(desk.refusal("h1", strategyHash: "s2").contains("strategy was edited after approval"))
    }

    @Test("the proposer approving their own change is refused by approve and does not count at the gate")
    func proposerSelfApproval() throws {
        let desk = try Desk()
        let proposal = try desk.propose("h1", by: "alice")
        #expect(throws: ApprovalError.self) { try desk.approve(proposal.proposal, by: "alice") }
        try desk.forge(proposal, by: desk.keys["alice"]!, into: proposal.proposal)
        #expect(desk.refusal("h1").contains("the proposer never counts"))
    }

    @Test("one person with two keys counts once")
    func twoKeysOnePerson() throws {
        var desk = try Desk()
        try desk.addKey("carol", roles: ["risk"], as: "carol2")
        let proposal = try desk.propose("h1", env: .live)
        try desk.approve(proposal.proposal, by: "carol")
        try desk.approve(proposal.proposal, by: "carol2")
        let message = desk.refusal("h1", env: .live)
        #expect(message.contains("carol already counted"))
        #expect(message.contains("1 more approver"))
    }

    @Test("an expired approval is refused without waiting for it")
    func expired() throws {
        let desk = try Desk()
        let proposal = try desk.propose("h1")
        try desk.approve(proposal.proposal, by: "bob", days: 1)
        #expect(desk.refusal("h1", days: 29.9).isEmpty)
        #expect(desk.refusal("h1", days: 30.1).contains("expired"))
    }

    @Test("a revoked key's approvals are refused from the revocation on, not before")
    func revokedKey() throws {
        let desk = try Desk()
        let proposal = try desk.propose("h1")
        try desk.approve(proposal.proposal, by: "bob")
        try desk.store.revokeKey(desk.keys["bob"]!.id, reason: "laptop lost", actor: "carol", now: desk.at(days: 2))
        #expect(desk.refusal("h1", days: 1).isEmpty)
        let message = desk.refusal("h1", days: 3)
        #expect(message.contains("revoked"))
        #expect(message.contains("laptop lost"))
    }

    @Test("a signature by a key that is not in keys.yaml is refused")
    func unknownKey() throws {
        let desk = try Desk()
        let proposal = try desk.propose("h1")
        try desk.forge(proposal, by: SigningKey(owner: "mallory"), into: proposal.proposal)
        #expect(desk.refusal("h1").contains("which is not in keys.yaml"))
    }

    @Test("a signature copied from another proposal is refused")
    func copiedSignature() throws {
        let desk = try Desk()
        let first = try desk.propose("h1")
        try desk.approve(first.proposal, by: "bob")
        let second = try desk.propose("h2")
        let signature = try #require(desk.store.proposal(first.proposal).approvals.first?.envelope)
        try desk.write(signature, into: second.proposal, name: "copied")
        #expect(desk.refusal("h2").contains("signed for proposal \(first.proposal), not \(second.proposal) (a signature copied from another proposal)"))
    }

    @Test("a tampered signature is refused")
    func tamperedSignature() throws {
        let desk = try Desk()
        let proposal = try desk.propose("h1")
        try desk.approve(proposal.proposal, by: "bob")
        let stored = try desk.store.proposal(proposal.proposal)
        var envelope = try #require(stored.approvals.first?.envelope)
        envelope.signatures[0].signature[5] ^= 0x01
        try FileManager.default.removeItem(atPath: stored.approvals[0].file)
        try desk.write(envelope, into: proposal.proposal, name: envelope.signatures[0].keyID)
        #expect(try desk.refusals(proposal.proposal).contains { $0.contains("does not verify") })
        #expect(desk.refusal("h1").contains("was altered"))
    }

    @Test("a tampered statement is refused")
    func tamperedStatement() throws {
        let desk = try Desk()
        let proposal = try desk.propose("h1")
        try desk.approve(proposal.proposal, by: "bob")
        let stored = try desk.store.proposal(proposal.proposal)
        var envelope = try #require(stored.approvals.first?.envelope)
        var statement = try #require(Statement.decode(envelope.payload))
        statement.expires = desk.at(days: 900)
        envelope.payload = statement.canonical
        try desk.write(envelope, into: proposal.proposal, name: envelope.signatures[0].keyID)
        #expect(try desk.refusals(proposal.proposal).contains { $0.contains("does not verify") })
        #expect(desk.refusal("h1").contains("was altered"))
    }

    @Test("a tampered proposal statement is refused")
    func tamperedProposal() throws {
        let desk = try Desk()
        let proposal = try desk.propose("h1")
        try desk.approve(proposal.proposal, by: "bob")
        let path = desk.store.proposalDirectory(proposal.proposal) + "/proposal.dsse.json"
        var envelope = try #require(Envelope.parse(Data(contentsOf: URL(fileURLWithPath: path))))
        var statement = proposal
        statement.newHash = Desk.hash("h-other")
        envelope.payload = statement.canonical
        try envelope.json.write(toFile: path, atomically: true, encoding: .utf8)
        let (keys, record) = try desk.store.trusted()
        let review = try #require(desk.store.reviews(policy: desk.policy, keys: keys, record: record, now: desk.at(days: 0)).first)
        #expect(review.problems.first?.contains("the proposer's signature does not verify") == true)
        #expect(desk.refusal("h-other").contains("not the statement that was recorded"))
        #expect(desk.refusal("h1").contains("not the statement that was recorded"))
    }

    @Test("a signature file that is not an envelope is refused, and the others still count")
    func garbageEnvelope() throws {
        let desk = try Desk()
        let proposal = try desk.propose("h1")
        let directory = desk.store.proposalDirectory(proposal.proposal) + "/signatures"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "{not json".write(toFile: directory + "/junk.dsse.json", atomically: true, encoding: .utf8)
        #expect(desk.refusal("h1").contains("junk.dsse.json: not a DSSE envelope"))
        try desk.approve(proposal.proposal, by: "bob")
        #expect(desk.refusal("h1").isEmpty)
    }

    @Test("a missing approval policy refuses every launch")
    func missingPolicy() throws {
        let desk = try Desk()
        let proposal = try desk.propose("h1")
        try desk.approve(proposal.proposal, by: "bob")
        try FileManager.default.removeItem(atPath: desk.policiesDirectory + "/approval.yaml")
        #expect(desk.refusal("h1").contains("the approval policy is missing"))
    }

    @Test("an old approval replayed after a rollback to an earlier hash is refused")
    func rollbackReplay() throws {
        let desk = try Desk()
        let first = try desk.propose("h1")
        try desk.approve(first.proposal, by: "bob")
        let second = try desk.propose("h2", days: 1)
        try desk.approve(second.proposal, by: "bob", days: 1)
        #expect(desk.refusal("h2", days: 2).isEmpty)
        let message = desk.refusal("h1", days: 2)
        #expect(message.contains("superseded by \(second.proposal)"))
        #expect(message.contains("rollback"))
    }

    @Test("revoking the key behind a newer approval does not bring an older hash back")
    func revocationDoesNotRollBack() throws {
        let desk = try Desk()
        let first = try desk.propose("h1")
        try desk.approve(first.proposal, by: "carol")
        let second = try desk.propose("h2", days: 1)
        try desk.approve(second.proposal, by: "bob", days: 1)
        try desk.store.revokeKey(desk.keys["bob"]!.id, reason: "compromised", actor: "carol", now: desk.at(days: 2))
        #expect(desk.refusal("h2", days: 3).contains("revoked"))
        #expect(desk.refusal("h1", days: 3).contains("superseded by \(second.proposal)"))
    }

    @Test("live needs a risk signature and a paper approval first")
    func liveNeedsRisk() throws {
        let desk = try Desk()
        let live = try desk.propose("h1", env: .live)
        try desk.approve(live.proposal, by: "bob")
        try desk.approve(live.proposal, by: "dave")
        #expect(desk.refusal("h1", env: .live).contains("never approved for paper"))
        let onlyQuant = try desk.propose("h2", env: .live)
        try desk.approve(onlyQuant.proposal, by: "bob")
        #expect(desk.refusal("h2", env: .live).contains("role 'risk'"))
    }

    @Test("live refuses until the policy files in force are approved by risk, and again after they are edited")
    func livePolicies() throws {
        let desk = try Desk()
        let paper = try desk.propose("h1")
        try desk.approve(paper.proposal, by: "bob")
        let live = try desk.propose("h1", env: .live)
        try desk.approve(live.proposal, by: "bob")
        try desk.approve(live.proposal, by: "carol")
        #expect(desk.refusal("h1", env: .live).contains("policy file approval.yaml"))

        let file = desk.policiesDirectory + "/approval.yaml"
        let policyProposal = try desk.store.propose(
            ApprovalStore.Draft(target: .policy, subject: "approval.yaml", environment: .live, baseHash: "none", newHash: try LaunchGate.fileSHA256(file), strategyHash: "", symbols: [], file: file, reason: "initial", details: ""),
            key: desk.keys["alice"]!, policy: desk.policy, now: desk.at(days: 0)
        )
        try desk.approve(policyProposal.proposal, by: "bob")
        #expect(desk.refusal("h1", env: .live).contains("role 'risk'"))
        try desk.approve(policyProposal.proposal, by: "carol")
        let clearance = try desk.check("h1", env: .live)
        #expect(clearance.policyProposals == [policyProposal.proposal])

        try (Desk.policyText + "\n# loosened\n").write(toFile: file, atomically: true, encoding: .utf8)
        #expect(desk.refusal("h1", env: .live).contains("edited after approval"))
    }

    @Test("the policy hash comes from the injected function")
    func injectedPolicyHash() throws {
        let desk = try Desk()
        let policyProposal = try desk.store.propose(
            ApprovalStore.Draft(target: .policy, subject: "approval.yaml", environment: .live, baseHash: "none", newHash: Desk.hash("canonical-policy-hash"), strategyHash: "", symbols: [], file: "x", reason: "initial", details: ""),
            key: desk.keys["alice"]!, policy: desk.policy, now: desk.at(days: 0)
        )
        try desk.approve(policyProposal.proposal, by: "carol")
        let paper = try desk.propose("h1")
        try desk.approve(paper.proposal, by: "bob")
        let live = try desk.propose("h1", env: .live)
        try desk.approve(live.proposal, by: "bob")
        try desk.approve(live.proposal, by: "carol")
        let launch = Desk.launch("h1", env: .live)
        _ = try desk.gate(policyHash: { _ in Desk.hash("canonical-policy-hash") }).check(launch, actor: "t", now: desk.at(days: 0))
        #expect(throws: ApprovalError.self) { try desk.gate().check(launch, actor: "t", now: desk.at(days: 0)) }
    }

    @Test("a proposal made over a stale base is refused at the gate even with a quorum recorded in the log")
    func staleBaseAtGate() throws {
        let desk = try Desk()
        let first = try desk.propose("h1")
        try desk.approve(first.proposal, by: "bob")
        let stale = try desk.propose("h2", base: "none", days: 1)
        #expect(throws: ApprovalError.self) { try desk.approve(stale.proposal, by: "bob", days: 1) }
        // An insider signs and records it anyway, keeping the log consistent.
        let envelope = try Envelope.sign(stale.asApproval, with: desk.keys["bob"]!)
        try desk.write(envelope, into: stale.proposal, name: desk.keys["bob"]!.id)
        try desk.store.audit("approval", actor: "bob", subject: stale.proposal, details: ["key": desk.keys["bob"]!.id, "envelope": CanonicalJSON.sha256Hex(Data(envelope.json.utf8))], now: desk.at(days: 1))
        #expect(desk.refusal("h2", days: 2).contains("applies only over the base it was made against"))
    }

    @Test("params approved for one symbol are refused on another")
    func otherSymbol() throws {
        let desk = try Desk()
        let proposal = try desk.propose("h1", symbols: ["BTCUSDT"])
        try desk.approve(proposal.proposal, by: "bob")
        #expect(desk.refusal("h1", symbol: "BTCUSDT").isEmpty)
        #expect(desk.refusal("h1", symbol: "ETHUSDT").contains("for BTCUSDT, not ETHUSDT"))
    }

    @Test("a proposal folder written by hand, not recorded in the tracked log, is not a proposal")
    func unrecordedProposal() throws {
        let desk = try Desk()
        let proposal = try desk.propose("h1")
        try desk.approve(proposal.proposal, by: "bob")
        var copy = proposal
        copy.proposal = "sma_cross-paper-7"
        copy.newHash = Desk.hash("h7")
        let directory = desk.store.proposalDirectory(copy.proposal)
        try FileManager.default.createDirectory(atPath: directory + "/signatures", withIntermediateDirectories: true)
        try Envelope.sign(copy, with: desk.keys["alice"]!).json.write(toFile: directory + "/proposal.dsse.json", atomically: true, encoding: .utf8)
        try desk.forge(copy, by: desk.keys["bob"]!, into: copy.proposal)
        #expect(desk.refusal("h7").contains("params hash \(Desk.hash("h7").prefix(12)) is not approved"))
        #expect(try desk.refusals(copy.proposal).contains { $0.contains("not recorded in the tracked audit log") })
    }
}
