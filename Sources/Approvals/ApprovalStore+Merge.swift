public import Foundation
import Audit
import SparkCore

extension ApprovalStore {
    /// Joins another clone's tracked log (`theirs`, e.g. `git show MERGE_HEAD:approvals/audit.log`)
    /// onto this one, after re-verifying every signed act in the result: each key added must be in
    /// keys.yaml with the logged public key, and each proposal and approval must have its signed file,
    /// with the logged hash, verifying under that key. Merge keys.yaml and the proposal folders first.
    /// Returns how many entries the other clone added.
    @discardableResult
    public func mergeLog(theirs path: String, actor: String, now: Date) throws(ApprovalError) -> Int {
        _ = try logs.checkedTracked()
        let before = (try? auditLog.verify().count) ?? 0
        let merged: [AuditEntry]
        do {
            merged = try auditLog.merged(with: AuditLog(path: path), actor: actor, at: now)
        } catch {
            throw GovernanceLogs.refusal(error, what: error.file == path ? "the other clone's log" : "the tracked audit log")
        }
        let proposed = merged.filter { $0.kind == "proposal" }.map(\.subject)
        if let twice = proposed.first(where: { id in proposed.filter { $0 == id }.count > 1 }) {
            throw ApprovalError(.refused, "merge refused: both clones made a proposal \(DisplayText.escape(twice)); one id cannot name two changes", hint: "keep one clone's \(DisplayText.escape(twice)) and propose the other change again after the merge")
        }
        let ring = try keys()
        let record = TrackedRecord(entries: merged)
        for (id, act) in record.keysAdded {
            guard let key = ring.key(id: id), act.details["public_key"] == key.publicKey.base64EncodedString() else {
                throw ApprovalError(.refused, "merge refused: line \(act.line) of the joined log adds key \(id), which \(keysPath) does not list with that public key", hint: "merge keys.yaml from the other clone first")
            }
        }
        for (id, act) in record.proposals.sorted(by: { $0.value.line < $1.value.line }) {
            let stored = StoredProposal.read(directory: proposalDirectory(id), id: id)
            guard Grammar.isProposalID(id), stored.proposerEnvelopeHash == act.details["envelope"], let envelope = stored.proposerEnvelope,
                  verifies(envelope, key: act.details["key"], ring: ring, proposal: id)
            else {
                throw ApprovalError(.refused, "merge refused: proposal \(DisplayText.escape(id)) (line \(act.line) of the joined log) has no signed statement with the logged hash that verifies", hint: "merge approvals/proposals/ from the other clone first")
            }
            for (key, approval) in record.approvals[id] ?? [:] {
                guard let file = stored.approvals.first(where: { $0.sha256 == approval.details["envelope"] }), let signed = file.envelope,
                      verifies(signed, key: key, ring: ring, proposal: id)
                else {
                    throw ApprovalError(.refused, "merge refused: the approval of \(id) by key \(key) (line \(approval.line) of the joined log) has no signature file with the logged hash that verifies", hint: "merge approvals/proposals/\(id)/signatures from the other clone first")
                }
            }
        }
        do {
            try auditLog.replace(with: merged)
            try logs.anchor.advance(to: merged, of: auditLog)
        } catch {
            throw GovernanceLogs.refusal(error, what: "the joined log")
        }
        return merged.count - 1 - before
    }

    private func verifies(_ envelope: Envelope, key id: String?, ring: KeyRing, proposal: String) -> Bool {
        guard let id, let key = ring.key(id: id), envelope.signatures.count == 1, let signature = envelope.signatures.first, signature.keyID == id,
              envelope.payloadType == Envelope.statementType, envelope.verifies(signature, publicKey: key.publicKey),
              let statement = Statement.decode(envelope.payload)
        else { return false }
        return statement.proposal == proposal
    }
}
