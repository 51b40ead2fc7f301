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
        /// The symbols the params may trade, or [`*`] (``Statement/anySymbol``) for any.
        public var symbols: [String]
        /// The guardrail policy's canonical hash the params must run under ("" when not bound).
        public var guardrailPolicy: String
        public var file: String
        public var reason: String
        /// Extra YAML appended to proposal.yaml for reviewers: the diff, the evidence.
        public var details: String

        public init(
            target: Statement.Target, subject: String, environment: DeploymentEnvironment, baseHash: String, newHash: String,
            strategyHash: String, symbols: [String], guardrailPolicy: String = "", file: String, reason: String, details: String
        ) {
            self.symbols = symbols
            self.guardrailPolicy = guardrailPolicy
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
        let record = try signer(key, keys: trusted().keys, now: now)
        let prefix = draft.target == .policy ? "policy-\(draft.subject.replacingOccurrences(of: ".yaml", with: ""))" : "\(draft.subject)-\(draft.environment.rawValue)"
        let id = nextID(prefix: prefix)
        let rule = draft.target == .policy ? policy.policies : policy.rule(for: draft.environment)
        if draft.target == .params, draft.symbols == [Statement.anySymbol], !rule.allowsAnySymbol {
            throw ApprovalError(.refused, "policies/approval.yaml forbids 'any symbol' for \(draft.environment.rawValue)", hint: "name the symbols the params may trade, e.g. --symbols BTCUSDT")
        }
        let created = ApprovalTime.parse(ApprovalTime.format(now))!
        let statement = Statement(
            type: .proposal, proposal: id, target: draft.target, subject: draft.subject, environment: draft.environment,
            baseHash: draft.baseHash, newHash: draft.newHash, strategyHash: draft.strategyHash, symbols: draft.symbols,
            guardrailPolicy: draft.guardrailPolicy, created: created, expires: created.addingTimeInterval(Double(rule.expiresAfterDays) * 86_400)
        )
        if let problem = statement.problem {
            throw ApprovalError(.value, "cannot propose: \(problem)", hint: "hashes are 64 lower-case hex digits, names lower-case ASCII, symbols upper-case (docs/approvals.md)")
        }
        let envelope = try Envelope.sign(statement, with: key)
        var document = """
        # Proposal \(id): review it, then sign with `spark params approve \(id) --key KEY`.
        # The signed statement is proposal.dsse.json; this file is for people and is not trusted.
        id: \(id)
        target: \(draft.target.rawValue)
        version: \(Statement.version)
        subject: \(draft.subject)
        symbols: [\(statement.symbols.map { CanonicalJSON.quote($0) }.joined(separator: ", "))]
        guardrail_policy: \(statement.guardrailPolicy.isEmpty ? "\"\"" : statement.guardrailPolicy)
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
            "symbols": statement.symbols.joined(separator: ","), "envelope": CanonicalJSON.sha256Hex(Data(envelope.json.utf8)), "key": record.id,
        ], now: now)
        return statement
    }

    /// Signs proposal `id` with `key` after checking the signer may approve it, and returns the new review.
    public func approve(_ id: String, key: SigningKey, policy: ApprovalPolicy, now: Date) throws(ApprovalError) -> ProposalReview {
        let (ring, tracked) = try trusted()
        let record = try signer(key, keys: ring, now: now)
        let stored = try proposal(id)
        let before = ProposalReview.review(stored, keys: ring, record: tracked, rule: { Self.rule(for: $0, policy: policy) }, now: now)
        guard let statement = before.statement, before.problems.isEmpty else {
            throw ApprovalError(.state, "proposal \(id) cannot be approved: \(before.problems.joined(separator: "; "))", file: stored.directory)
        }
        let current = Self.inForce(statement.target, subject: statement.subject, environment: statement.environment, among: reviews(policy: policy, keys: ring, record: tracked, now: now), excluding: id)
        let inForce = current?.statement?.newHash ?? "none"
        guard inForce == statement.baseHash else {
            throw ApprovalError(.refused, "proposal \(id) was made over \(statement.baseHash.prefix(12)), but \(inForce.prefix(12)) is in force now\(current.map { " (proposal \($0.proposal.id))" } ?? ""): a stale base cannot be approved", hint: "propose the change again over what is in force")
        }
        guard record.owner != before.proposer else {
            throw ApprovalError(.refused, "\(record.owner) proposed \(id); the proposer cannot approve their own change", hint: "ask another approver to sign")
        }
        let envelope = try Envelope.sign(statement.asApproval, with: key)
        try FileWriting.atomic(envelope.json, to: "\(stored.directory)/signatures/\(key.id).dsse.json")
        try audit("approval", actor: record.owner, subject: id, details: [
            "key": key.id, "environment": statement.environment.rawValue, "new": statement.newHash, "strategy": statement.strategyHash,
            "envelope": CanonicalJSON.sha256Hex(Data(envelope.json.utf8)),
        ], now: now)
        let (after, afterRecord) = try trusted()
        return ProposalReview.review(try proposal(id), keys: after, record: afterRecord, rule: { Self.rule(for: $0, policy: policy) }, now: now)
    }
}
