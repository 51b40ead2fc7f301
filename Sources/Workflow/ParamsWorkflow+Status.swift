public import Foundation
import Approvals
import SparkCore

extension ParamsWorkflow {
    /// `spark params status`: each proposal, who signed, who was refused and why, what is missing.
    public func status(proposal id: String? = nil, now: Date) throws -> String {
        let policy = try policy()
        let (keys, record) = try store.trusted()
        var reviews = store.reviews(policy: policy, keys: keys, record: record, now: now)
        if let id {
            _ = try store.proposal(id)
            reviews = reviews.filter { $0.proposal.id == id }
        }
        if reviews.isEmpty { return "no proposals under \(store.proposalsDirectory)" }
        var lines: [String] = []
        for review in reviews {
            guard let statement = review.statement else {
                lines.append("\(review.proposal.id): UNUSABLE — \(review.problems.joined(separator: "; "))")
                continue
            }
            let state = review.isApproved ? "APPROVED" : (review.expired ? "EXPIRED" : "PENDING")
            let what = statement.target == .policy ? "policy \(statement.subject)" : "\(statement.subject) params"
            lines.append("\(review.proposal.id): \(state) — \(what) for \(statement.environment.rawValue), \(statement.baseHash.prefix(12)) → \(statement.newHash.prefix(12)), proposed by \(review.proposer ?? "?"), \(statement.target == .params ? "\(statement.symbolText), " : "")expires \(ApprovalTime.format(statement.expires))")
            for verdict in review.counted {
                lines.append("  signed:  \(verdict.owner ?? "?") [\(verdict.roles.joined(separator: ","))] key \(verdict.keyID ?? "?")")
            }
            for verdict in review.refused {
                lines.append("  refused: \((verdict.file as NSString).lastPathComponent) — \(verdict.refusal!)")
            }
            for problem in review.problems { lines.append("  problem: \(problem)") }
            for missing in review.missing { lines.append("  missing: \(missing)") }
        }
        // Ids, file names and refusals quote what others wrote: each line shows hidden and look-alike characters as escapes.
        return lines.map(DisplayText.escape).joined(separator: "\n")
    }

    /// `spark keys list`.
    public func keyList(now: Date) throws -> String {
        let (keys, _) = try store.trusted()
        if keys.keys.isEmpty { return "no keys in \(store.keysPath)" }
        return keys.keys.map { key in
            "\(key.id)  \(key.owner)  [\(key.roles.joined(separator: ","))]" + (key.revoked.map { " REVOKED \(ApprovalTime.format($0))\(key.revokedReason.map { ": \($0)" } ?? "")" } ?? "")
                + (keys.unrecorded.contains(key.id) ? "  UNRECORDED (no key.added entry in the tracked audit log; it cannot sign)" : "")
        }.map(DisplayText.escape).joined(separator: "\n")
    }
}
