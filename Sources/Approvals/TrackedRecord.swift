public import Foundation
public import Audit

/// What the tracked audit log says people did: keys added and revoked, proposals and approvals made,
/// each with the hash of the signed envelope it wrote.
///
/// keys.yaml and the proposal folders are checked against it, so restoring an older keys.yaml or
/// deleting a newer proposal's folder cannot bring back what the log records as revoked or superseded.
public struct TrackedRecord: Sendable {
    public struct Act: Sendable {
        /// The line of the tracked log that records it.
        public var line: Int
        public var details: [String: String]
    }

    /// Key id → its `key.added` entry (details hold `public_key`).
    public var keysAdded: [String: Act] = [:]
    /// Key id → when the log says it was revoked.
    public var revocations: [String: Date] = [:]
    /// Proposal id → its `proposal` entry (details hold `envelope`, `subject`, `environment`, `target`).
    public var proposals: [String: Act] = [:]
    /// Proposal id → key id → the approval entry (details hold `envelope`).
    public var approvals: [String: [String: Act]] = [:]

    public init(entries: [AuditEntry]) {
        for (index, entry) in entries.enumerated() {
            let act = Act(line: index + 1, details: entry.details)
            switch entry.kind {
            case "key.added": keysAdded[entry.subject] = act
            case "revocation": revocations[entry.subject] = ApprovalTime.parse(entry.time)
            case "proposal": proposals[entry.subject] = act
            case "approval":
                if let key = entry.details["key"] { approvals[entry.subject, default: [:]][key] = act }
            default: break
            }
        }
    }

    /// keys.yaml as the log allows it: a revocation in the log holds whatever keys.yaml says, and a
    /// key the log never saw added, or saw added with another public key, is marked unrecorded.
    public func reconcile(_ ring: KeyRing) -> KeyRing {
        var result = ring
        for index in result.keys.indices {
            let key = result.keys[index]
            if keysAdded[key.id]?.details["public_key"] != key.publicKey.base64EncodedString() {
                result.unrecorded.insert(key.id)
            }
            if let logged = revocations[key.id], key.revoked.map({ logged < $0 }) ?? true {
                result.keys[index].revoked = logged
                result.keys[index].revokedReason = "the tracked audit log records the revocation, whatever keys.yaml says now"
            }
        }
        return result
    }

    /// Why the proposal folders of `subject` (params in `environment`, or policy files) disagree with
    /// the log: a recorded proposal or approval whose signed file is missing or differs.
    public func missing(in store: ApprovalStore, where include: (Act) -> Bool) -> String? {
        for (id, act) in proposals.sorted(by: { $0.value.line < $1.value.line }) where include(act) {
            let stored = StoredProposal.read(directory: store.proposalDirectory(id), id: id)
            guard stored.proposerEnvelopeHash == act.details["envelope"] else {
                return "proposal \(id), recorded at line \(act.line) of the tracked audit log, is \(stored.proposerEnvelopeHash == nil ? "missing its folder or signed statement" : "not the statement that was recorded"): a deleted or replaced proposal could revive what it superseded; restore approvals/proposals/\(id) from version control"
            }
            for (key, approval) in (approvals[id] ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard stored.approvals.contains(where: { $0.sha256 == approval.details["envelope"] }) else {
                    return "the approval of \(id) by key \(key), recorded at line \(approval.line) of the tracked audit log, is missing from approvals/proposals/\(id)/signatures or was altered: restore it from version control"
                }
            }
        }
        return nil
    }

    /// Whether the proposer's statement of `proposal` is the one the log recorded.
    func recordsProposal(_ proposal: StoredProposal) -> Bool {
        proposal.proposerEnvelopeHash != nil && proposals[proposal.id]?.details["envelope"] == proposal.proposerEnvelopeHash
    }

    /// Whether an approval file with this hash was recorded for `id`.
    func recordsApproval(_ id: String, sha256: String?) -> Bool {
        guard let sha256 else { return false }
        return approvals[id]?.values.contains { $0.details["envelope"] == sha256 } ?? false
    }
}
