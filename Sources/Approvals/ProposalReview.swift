public import Foundation
import SparkCore

/// A proposal checked against the keys, the policy and the time: who counts, who was refused and why,
/// and what is still missing.
public struct ProposalReview: Sendable {
    /// One approval signature and what the review made of it.
    public struct Verdict: Sendable, Equatable {
        public var file: String
        public var keyID: String?
        public var owner: String?
        public var roles: [String]
        /// Why the signature does not count; nil when it counts.
        public var refusal: String?
        /// Whether the only thing wrong is that the key was revoked since.
        public var revoked = false
    }

    public var proposal: StoredProposal
    /// The proposer's statement, when it verified.
    public var statement: Statement?
    public var proposer: String?
    /// Problems with the proposal itself (unsigned, tampered, expired).
    public var problems: [String]
    public var verdicts: [Verdict]
    /// What the rule still needs: more people, a role.
    public var missing: [String]
    /// Whether the only problem is that the proposal expired (it had a quorum while it lived).
    public var expired: Bool
    /// Whether the signatures would meet the rule if revoked keys still counted.
    var quorumBeforeRevocations = false

    public var counted: [Verdict] { verdicts.filter { $0.refusal == nil } }
    public var refused: [Verdict] { verdicts.filter { $0.refusal != nil } }

    /// A valid quorum now.
    public var isApproved: Bool { statement != nil && problems.isEmpty && missing.isEmpty }
    /// A quorum when it was signed, expiry and later revocations aside: such a proposal supersedes
    /// older ones, so neither expiry nor revoking a key brings an older hash back.
    public var wasApproved: Bool { statement != nil && quorumBeforeRevocations && (problems.isEmpty || (expired && problems.count == 1)) }

    /// Everything that stands between this proposal and a valid quorum, in one sentence per item.
    public var reasons: [String] {
        problems + missing.map { "missing: \($0)" } + refused.map { "refused \($0.file.split(separator: "/").last ?? ""): \($0.refusal!)" }
    }

    /// Checks `proposal` under `rule` at `now`.
    ///
    /// Signed files the tracked log does not record (written by hand) are refused after every other
    /// check, so a forgery is named for what is wrong with it first.
    public static func review(_ proposal: StoredProposal, keys: KeyRing, record: TrackedRecord, rule: (Statement) -> QuorumRule, now: Date) -> ProposalReview {
        var review = ProposalReview(proposal: proposal, statement: nil, proposer: nil, problems: [], verdicts: [], missing: [], expired: false)
        var signed = checkProposer(proposal, keys: keys, now: now)
        if case .success = signed, !record.recordsProposal(proposal) {
            signed = .failure(ApprovalError(.signature, "proposal \(proposal.id) is not recorded in the tracked audit log (approvals/audit.log): it was not made with spark params propose here, or the log lost it"))
        }
        guard case .success(let (statement, proposer)) = signed else {
            if case .failure(let problem) = signed { review.problems.append(problem.message) }
            return review
        }
        review.statement = statement
        review.proposer = proposer
        let rule = rule(statement)
        if statement.created > now.addingTimeInterval(ApprovalTime.allowedSkew) {
            review.problems.append("the proposal was created \(ApprovalTime.format(statement.created)), in the future by more than the \(Int(ApprovalTime.allowedSkew)) s clocks may differ (a wrong clock, or an attempt to outlive the expiry); propose it again")
        }
        if statement.expires.timeIntervalSince(statement.created) > Double(rule.expiresAfterDays) * 86_400 {
            review.problems.append("the proposal expires \(ApprovalTime.format(statement.expires)), later than the policy's \(rule.expiresAfterDays) days allow")
        }
        if statement.target == .params, statement.symbols == [Statement.anySymbol], !rule.allowsAnySymbol {
            review.problems.append("the proposal is for any symbol, which policies/approval.yaml forbids for \(statement.environment.rawValue)")
        }
        if statement.expires <= now {
            review.problems.append("expired: the proposal and its approvals expired at \(ApprovalTime.format(statement.expires)); propose it again")
            review.expired = review.problems.count == 1
        }
        var owners: [String: String] = [:]
        for approval in proposal.approvals {
            let (file, envelope) = (approval.file, approval.envelope)
            var verdict = Verdict(file: file, keyID: envelope?.signatures.first?.keyID, owner: nil, roles: [], refusal: nil)
            verdict.refusal = refusal(envelope, statement: statement, keys: keys, now: now, verdict: &verdict)
            if verdict.refusal == nil, let owner = verdict.owner {
                if owner == proposer {
                    verdict.refusal = "\(owner) proposed this change; the proposer never counts as an approver"
                } else if let first = owners[owner] {
                    verdict.refusal = "\(owner) already counted with key \(first); one person with several keys counts once"
                } else if !record.recordsApproval(proposal.id, sha256: approval.sha256) {
                    verdict.refusal = "this approval is not recorded in the tracked audit log (it was not made with spark params approve, or the log lost it)"
                } else {
                    owners[owner] = verdict.keyID
                }
            }
            review.verdicts.append(verdict)
        }
        let counted = review.counted
        review.quorumBeforeRevocations = meets(rule, review.verdicts.filter { $0.refusal == nil || $0.revoked }, proposer: proposer)
        if counted.count < rule.approvers {
            let short = rule.approvers - counted.count
            review.missing.append("\(short) more approver\(short == 1 ? "" : "s") (distinct people other than the proposer \(proposer)) for \(statement.environment.rawValue)")
        }
        for role in rule.roles where !counted.contains(where: { $0.roles.contains(role) }) {
            review.missing.append("a signature by someone with role '\(role)'")
        }
        return review
    }

    private static func meets(_ rule: QuorumRule, _ verdicts: [Verdict], proposer: String) -> Bool {
        var owners: [String: [String]] = [:]
        for verdict in verdicts {
            guard let owner = verdict.owner, owner != proposer else { continue }
            owners[owner, default: []] += verdict.roles
        }
        return owners.count >= rule.approvers && rule.roles.allSatisfy { role in owners.values.contains { $0.contains(role) } }
    }

    private static func checkProposer(_ proposal: StoredProposal, keys: KeyRing, now: Date) -> Result<(Statement, String), ApprovalError> {
        guard Grammar.isProposalID(proposal.id) else {
            return .failure(ApprovalError(.value, "proposal folder \(DisplayText.quoted(proposal.id)) is not a proposal id (<strategy>-<env>-<n>); it is ignored"))
        }
        guard let envelope = proposal.proposerEnvelope else {
            return .failure(ApprovalError(.signature, "proposal \(proposal.id) has no readable proposal.dsse.json (the proposer's signed statement)"))
        }
        guard envelope.signatures.count == 1, let signature = envelope.signatures.first else {
            return .failure(ApprovalError(.signature, "proposal \(proposal.id): the proposer's envelope must carry exactly one signature"))
        }
        guard let key = keys.key(id: signature.keyID) else {
            return .failure(ApprovalError(.signature, "proposal \(proposal.id) is signed by key \(DisplayText.escape(signature.keyID)), which is not in keys.yaml"))
        }
        if keys.unrecorded.contains(key.id) {
            return .failure(ApprovalError(.signature, "proposal \(proposal.id) is signed by key \(key.id) (\(key.owner)), which the tracked audit log never recorded being added (a hand-added key)"))
        }
        if key.isRevoked(at: now) {
            return .failure(ApprovalError(.signature, "proposal \(proposal.id) is signed by key \(key.id) (\(key.owner)), revoked at \(ApprovalTime.format(key.revoked!))"))
        }
        guard envelope.payloadType == Envelope.statementType, envelope.verifies(signature, publicKey: key.publicKey) else {
            return .failure(ApprovalError(.signature, "proposal \(proposal.id): the proposer's signature does not verify (the statement or signature was tampered with)"))
        }
        if let problem = Statement.versionProblem(envelope.payload) {
            return .failure(ApprovalError(.signature, "proposal \(proposal.id): \(problem)"))
        }
        guard let statement = Statement.decode(envelope.payload), statement.type == .proposal else {
            return .failure(ApprovalError(.signature, "proposal \(proposal.id): the signed payload is not a Spark proposal statement"))
        }
        guard statement.proposal == proposal.id else {
            return .failure(ApprovalError(.signature, "proposal \(proposal.id): the signed statement is for proposal \(statement.proposal) (copied from another proposal)"))
        }
        return .success((statement, key.owner))
    }

    private static func refusal(_ envelope: Envelope?, statement: Statement, keys: KeyRing, now: Date, verdict: inout Verdict) -> String? {
        guard let envelope else { return "not a DSSE envelope" }
        guard envelope.signatures.count == 1, let signature = envelope.signatures.first else {
            return "an approval envelope must carry exactly one signature"
        }
        guard let key = keys.key(id: signature.keyID) else {
            return "signed by key \(DisplayText.escape(signature.keyID)), which is not in keys.yaml"
        }
        if keys.unrecorded.contains(key.id) {
            return "key \(key.id) (\(key.owner)) is in keys.yaml but the tracked audit log never recorded it being added (a hand-added key)"
        }
        verdict.owner = key.owner
        verdict.roles = key.roles
        if key.isRevoked(at: now) {
            verdict.revoked = envelope.payloadType == Envelope.statementType && envelope.verifies(signature, publicKey: key.publicKey)
                && Statement.decode(envelope.payload).map { $0.type == .approval && $0.sameChange(as: statement) } == true
            return "key \(key.id) (\(key.owner)) was revoked at \(ApprovalTime.format(key.revoked!))\(key.revokedReason.map { ": \($0)" } ?? "")"
        }
        guard envelope.payloadType == Envelope.statementType else {
            return "payload type \(envelope.payloadType) is not a Spark statement"
        }
        guard envelope.verifies(signature, publicKey: key.publicKey) else {
            return "the signature does not verify (the signature or the signed statement was tampered with)"
        }
        if let problem = Statement.versionProblem(envelope.payload) {
            return problem
        }
        guard let signed = Statement.decode(envelope.payload) else {
            return "the signed payload is not a canonical Spark statement"
        }
        guard signed.type == .approval else {
            return "the signed statement is a \(signed.type == .proposal ? "proposal" : "different statement"), not an approval"
        }
        guard signed.environment == statement.environment else {
            return "signed for environment \(signed.environment.rawValue), but this proposal is for \(statement.environment.rawValue)"
        }
        guard signed.proposal == statement.proposal else {
            return "signed for proposal \(signed.proposal), not \(statement.proposal) (a signature copied from another proposal)"
        }
        guard signed.sameChange(as: statement) else {
            return "signed a different change than this proposal states (hashes \(signed.newHash.prefix(12)) / strategy \(signed.strategyHash.prefix(12)), symbols, guardrail policy or expiry differ)"
        }
        return nil
    }
}
