public import Foundation
public import Audit
public import SparkCore

/// The `approvals/` directory: keys, proposals with their signatures, and the audit log.
///
/// ```
/// approvals/keys.yaml                               public keys, owners, roles, revocations
/// approvals/audit.log, audit.log.head               the hash-chained audit log
/// approvals/proposals/<id>/proposal.yaml            what changes and why (for people)
/// approvals/proposals/<id>/proposal.dsse.json       the proposer's signed statement
/// approvals/proposals/<id>/signatures/<key>.dsse.json  one signed approval each
/// ```
public struct ApprovalStore: Sendable {
    public let directory: String
    /// The project's state directory: the runtime log and this host's anchor of the tracked log.
    public let stateDirectory: String

    public init(directory: String, stateDirectory: String) {
        self.directory = directory
        self.stateDirectory = stateDirectory
    }

    public var keysPath: String { "\(directory)/keys.yaml" }
    /// The tracked log of acts by people.
    public var auditLog: AuditLog { logs.tracked }
    public var logs: GovernanceLogs { GovernanceLogs(approvalsDirectory: directory, stateDirectory: stateDirectory) }
    public var proposalsDirectory: String { "\(directory)/proposals" }

    public func proposalDirectory(_ id: String) -> String { "\(proposalsDirectory)/\(id)" }

    /// keys.yaml as written, before the tracked log is consulted (for the writers of keys.yaml).
    public func keys() throws(ApprovalError) -> KeyRing { try KeyRing.load(path: keysPath) }

    /// What the tracked log records (its chain and this host's anchor checked), and keys.yaml reconciled with it.
    public func trusted() throws(ApprovalError) -> (keys: KeyRing, record: TrackedRecord) {
        let record = TrackedRecord(entries: try logs.checkedTracked())
        return (record.reconcile(try keys()), record)
    }

    /// Every proposal directory, oldest first within a subject.
    public func proposals() -> [StoredProposal] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: proposalsDirectory)) ?? []).sorted()
        return names.filter { !$0.hasPrefix(".") }.map { StoredProposal.read(directory: proposalDirectory($0), id: $0) }
            .sorted { ($0.sequence, $0.id) < ($1.sequence, $1.id) }
    }

    /// One proposal, or an error naming the ids that exist.
    public func proposal(_ id: String) throws(ApprovalError) -> StoredProposal {
        guard Grammar.isProposalID(id) else {
            throw ApprovalError(.value, "\(DisplayText.quoted(id)) is not a proposal id", hint: "ids read <strategy>-<env>-<n> or policy-<file>-<n>, e.g. sma_cross-paper-1")
        }
        guard FileManager.default.fileExists(atPath: proposalDirectory(id)) else {
            let known = proposals().map(\.id).filter(Grammar.isProposalID).joined(separator: ", ")
            throw ApprovalError(.value, "no proposal '\(id)' under \(proposalsDirectory)", hint: known.isEmpty ? "create one with spark params propose" : "known proposals: \(known)")
        }
        return StoredProposal.read(directory: proposalDirectory(id), id: id)
    }

    /// The next free id for `prefix` (`<strategy>-<environment>` or `policy-<file>`): `<prefix>-<n>`.
    public func nextID(prefix: String) -> String {
        let used = proposals().filter { $0.id.hasPrefix(prefix + "-") && $0.id.dropFirst(prefix.count + 1).allSatisfy(\.isNumber) }.map(\.sequence)
        return "\(prefix)-\((used.max() ?? 0) + 1)"
    }

    /// Reviews every proposal under `policy` at `now`, against keys and a record from ``trusted()``.
    public func reviews(policy: ApprovalPolicy, keys: KeyRing, record: TrackedRecord, now: Date) -> [ProposalReview] {
        proposals().map { ProposalReview.review($0, keys: keys, record: record, rule: { Self.rule(for: $0, policy: policy) }, now: now) }
    }

    /// What is in force for a subject: the newest other proposal that had a quorum when it was signed.
    public static func inForce(_ target: Statement.Target, subject: String, environment: DeploymentEnvironment, among reviews: [ProposalReview], excluding id: String? = nil) -> ProposalReview? {
        reviews.filter {
            $0.wasApproved && $0.proposal.id != id && $0.statement?.target == target && $0.statement?.subject == subject
                && (target == .policy || $0.statement?.environment == environment)
        }.max { $0.proposal.sequence < $1.proposal.sequence }
    }

    static func rule(for statement: Statement, policy: ApprovalPolicy) -> QuorumRule {
        statement.target == .policy ? policy.policies : policy.rule(for: statement.environment)
    }

    /// A key that may sign now: listed in keys.yaml and not revoked.
    func signer(_ key: SigningKey, keys: KeyRing, now: Date) throws(ApprovalError) -> KeyRecord {
        guard let record = keys.key(id: key.id) else {
            throw ApprovalError(.key, "key \(key.id) is not in \(keysPath)", hint: "create keys with spark keys new (it adds the public key to keys.yaml)")
        }
        guard !keys.unrecorded.contains(key.id) else {
            throw ApprovalError(.key, "key \(key.id) is in \(keysPath) but the tracked audit log never recorded it being added", hint: "keys are added with spark keys new, which records them; remove hand-added keys")
        }
        if record.isRevoked(at: now) {
            throw ApprovalError(.key, "key \(key.id) (\(record.owner)) was revoked at \(ApprovalTime.format(record.revoked!))", hint: "create a new key with spark keys new")
        }
        return record
    }

    /// Records a person's act in the tracked log (chain and anchor checked first).
    public func audit(_ kind: String, actor: String, subject: String, details: [String: String], now: Date) throws(ApprovalError) {
        try logs.appendTracked(kind: kind, actor: actor, subject: subject, details: details, at: now)
    }
}
