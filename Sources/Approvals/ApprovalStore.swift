public import Foundation
public import Audit

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

    public init(directory: String) {
        self.directory = directory
    }

    public var keysPath: String { "\(directory)/keys.yaml" }
    public var auditLog: AuditLog { AuditLog(path: "\(directory)/audit.log") }
    public var proposalsDirectory: String { "\(directory)/proposals" }

    public func proposalDirectory(_ id: String) -> String { "\(proposalsDirectory)/\(id)" }

    public func keys() throws(ApprovalError) -> KeyRing { try KeyRing.load(path: keysPath) }

    /// Every proposal directory, oldest first within a subject.
    public func proposals() -> [StoredProposal] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: proposalsDirectory)) ?? []).sorted()
        return names.filter { !$0.hasPrefix(".") }.map { StoredProposal.read(directory: proposalDirectory($0), id: $0) }
            .sorted { ($0.sequence, $0.id) < ($1.sequence, $1.id) }
    }

    /// One proposal, or an error naming the ids that exist.
    public func proposal(_ id: String) throws(ApprovalError) -> StoredProposal {
        guard !id.contains("/"), FileManager.default.fileExists(atPath: proposalDirectory(id)) else {
            let known = proposals().map(\.id).joined(separator: ", ")
            throw ApprovalError(.value, "no proposal '\(id)' under \(proposalsDirectory)", hint: known.isEmpty ? "create one with spark params propose" : "known proposals: \(known)")
        }
        return StoredProposal.read(directory: proposalDirectory(id), id: id)
    }

    /// The next free id for `prefix` (`<strategy>-<environment>` or `policy-<file>`): `<prefix>-<n>`.
    public func nextID(prefix: String) -> String {
        let used = proposals().filter { $0.id.hasPrefix(prefix + "-") && $0.id.dropFirst(prefix.count + 1).allSatisfy(\.isNumber) }.map(\.sequence)
        return "\(prefix)-\((used.max() ?? 0) + 1)"
    }

    /// Reviews every proposal under `policy` at `now`.
    public func reviews(policy: ApprovalPolicy, keys: KeyRing, now: Date) -> [ProposalReview] {
        proposals().map { ProposalReview.review($0, keys: keys, rule: { Self.rule(for: $0, policy: policy) }, now: now) }
    }

    static func rule(for statement: Statement, policy: ApprovalPolicy) -> QuorumRule {
        statement.target == .policy ? policy.policies : policy.rule(for: statement.environment)
    }

    /// A key that may sign now: listed in keys.yaml and not revoked.
    func signer(_ key: SigningKey, keys: KeyRing, now: Date) throws(ApprovalError) -> KeyRecord {
        guard let record = keys.key(id: key.id) else {
            throw ApprovalError(.key, "key \(key.id) is not in \(keysPath)", hint: "create keys with spark keys new (it adds the public key to keys.yaml)")
        }
        if record.isRevoked(at: now) {
            throw ApprovalError(.key, "key \(key.id) (\(record.owner)) was revoked at \(ApprovalTime.format(record.revoked!))", hint: "create a new key with spark keys new")
        }
        return record
    }

    func audit(_ kind: String, actor: String, subject: String, details: [String: String], now: Date) throws(ApprovalError) {
        do {
            try auditLog.append(kind: kind, actor: actor, subject: subject, details: details, at: now)
        } catch {
            throw ApprovalError(.unwritable, error.message, file: error.file, hint: error.hint)
        }
    }
}
