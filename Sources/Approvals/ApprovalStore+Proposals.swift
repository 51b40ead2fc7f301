public import Foundation

extension ApprovalStore {
    /// What a new proposal says; the store assigns the id, the expiry and the signatures.
    public struct Draft: Sendable {
        public var target: Statement.Target
        public var subject: String
        public var environment: DeploymentEnvironment
        public var baseHash: String
        public var newHash: String
        public var strategyHash: String
        public var file: String
        public var reason: String
        /// Extra YAML appended to proposal.yaml for reviewers: the diff, the evidence.
        public var details: String

        public init(
            target: Statement.Target, subject: String, environment: DeploymentEnvironment, baseHash: String, newHash: String,
            strategyHash: String, file: String, reason: String, details: String
        ) {
            self.target = target
            self.subject = subject
            self.environment = environment
            self.baseHash = baseHash
            self.newHash = newHash
            self.strategyHash = strategyHash
            self.file = file
            self.reason = reason
            self.details = details
        }
    }

    /// Writes a proposal signed by the proposer's key and records it in the audit log.
    public func propose(_ draft: Draft, key: SigningKey, policy: ApprovalPolicy, now: Date) throws(ApprovalError) -> Statement {
        guard !draft.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ApprovalError(.flag, "--reason must say why the change is made", hint: "approvers read it; e.g. --reason \"slower exit cuts whipsaw losses\"")
        }
        let record = try signer(key, keys: keys(), now: now)
        let prefix = draft.target == .policy ? "policy-\(draft.subject.replacingOccurrences(of: ".yaml", with: ""))" : "\(draft.subject)-\(draft.environment.rawValue)"
        let id = nextID(prefix: prefix)
        let days = (draft.target == .policy ? policy.policies : policy.rule(for: draft.environment)).expiresAfterDays
        let created = ApprovalTime.parse(ApprovalTime.format(now))!
        let statement = Statement(
            type: .proposal, proposal: id, target: draft.target, subject: draft.subject, environment: draft.environment,
            baseHash: draft.baseHash, newHash: draft.newHash, strategyHash: draft.strategyHash,
            created: created, expires: created.addingTimeInterval(Double(days) * 86_400)
        )
        let envelope = try Envelope.sign(statement, with: key)
        var document = """
        # Proposal \(id): review it, then sign with `spark params approve \(id) --key KEY`.
        # The signed statement is proposal.dsse.json; this file is for people and is not trusted.
        id: \(id)
        target: \(draft.target.rawValue)
        subject: \(draft.subject)
        file: \(CanonicalJSON.quote(draft.file))
        environment: \(draft.environment.rawValue)
        base_hash: \(draft.baseHash)
        new_hash: \(draft.newHash)
        strategy_hash: \(draft.strategyHash.isEmpty ? "\"\"" : draft.strategyHash)
        proposer: \(record.owner)
        proposer_key: \(record.id)
        reason: \(CanonicalJSON.quote(draft.reason))
        created: \(ApprovalTime.format(statement.created))
        expires: \(ApprovalTime.format(statement.expires))

        """
        document += draft.details
        let directory = proposalDirectory(id)
        try FileWriting.atomic(document, to: "\(directory)/proposal.yaml")
        try FileWriting.atomic(envelope.json, to: "\(directory)/proposal.dsse.json")
        try audit("proposal", actor: record.owner, subject: id, details: [
            "environment": draft.environment.rawValue, "target": draft.target.rawValue, "subject": draft.subject,
            "base": draft.baseHash, "new": draft.newHash, "strategy": draft.strategyHash, "reason": draft.reason,
        ], now: now)
        return statement
    }

    /// Signs proposal `id` with `key` after checking the signer may approve it, and returns the new review.
    public func approve(_ id: String, key: SigningKey, policy: ApprovalPolicy, now: Date) throws(ApprovalError) -> ProposalReview {
        let ring = try keys()
        let record = try signer(key, keys: ring, now: now)
        let stored = try proposal(id)
        let before = ProposalReview.review(stored, keys: ring, rule: { Self.rule(for: $0, policy: policy) }, now: now)
        guard let statement = before.statement, before.problems.isEmpty else {
            throw ApprovalError(.state, "proposal \(id) cannot be approved: \(before.problems.joined(separator: "; "))", file: stored.directory)
        }
        guard record.owner != before.proposer else {
            throw ApprovalError(.refused, "\(record.owner) proposed \(id); the proposer cannot approve their own change", hint: "ask another approver to sign")
        }
        let envelope = try Envelope.sign(statement.asApproval, with: key)
        try FileWriting.atomic(envelope.json, to: "\(stored.directory)/signatures/\(key.id).dsse.json")
        try audit("approval", actor: record.owner, subject: id, details: [
            "key": key.id, "environment": statement.environment.rawValue, "new": statement.newHash, "strategy": statement.strategyHash,
        ], now: now)
        return ProposalReview.review(try proposal(id), keys: ring, rule: { Self.rule(for: $0, policy: policy) }, now: now)
    }
}
