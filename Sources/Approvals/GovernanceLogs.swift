import Foundation
public import Audit

/// A project's two hash-chained logs and this host's anchor of the tracked one.
///
/// - `approvals/audit.log` (tracked, reviewed in pull requests): acts by people — proposals,
///   approvals, key additions, revocations, promotions.
/// - `<state>/runtime.log` (per host, untracked): acts by the runtime — launches and refusals,
///   breaker trips and resets, kill, policy reloads, paper sessions and records. Every runtime
///   entry names the tracked head (`tracked_head`) it was checked against.
/// - `<state>/audit-anchor`: the tracked head this host last saw (see ``AuditAnchor``).
public struct GovernanceLogs: Sendable {
    public let tracked: AuditLog
    public let runtime: AuditLog
    public let anchor: AuditAnchor

    public init(approvalsDirectory: String, stateDirectory: String) {
        tracked = AuditLog(path: "\(approvalsDirectory)/audit.log")
        runtime = AuditLog(path: "\(stateDirectory)/runtime.log")
        anchor = AuditAnchor(path: "\(stateDirectory)/audit-anchor")
    }

    /// Verifies the tracked chain and that it extends this host's anchor, then anchors its head.
    public func checkedTracked() throws(ApprovalError) -> [AuditEntry] {
        do {
            let entries = try tracked.verify()
            try anchor.advance(to: entries, of: tracked)
            return entries
        } catch {
            throw Self.refusal(error, what: "the tracked audit log")
        }
    }

    /// Verifies the runtime chain.
    public func checkedRuntime() throws(ApprovalError) -> [AuditEntry] {
        do {
            return try runtime.verify()
        } catch {
            throw Self.refusal(error, what: "the runtime log")
        }
    }

    /// The runtime log, stamping each entry with the tracked head it was checked against.
    public func runtimeLog(checkedAgainst entries: [AuditEntry]) -> AuditLog {
        AuditLog(path: runtime.path, context: ["tracked_head": entries.last.map { "\($0.sequence) \($0.hash)" } ?? "0 \(AuditEntry.genesis)"])
    }

    /// The runtime log for an operator's act (kill, breaker reset), which must go through even when
    /// the tracked log is damaged: entries then say the tracked log did not verify, and why.
    public func runtimeLogForOperator() -> AuditLog {
        do {
            return runtimeLog(checkedAgainst: try tracked.verify())
        } catch {
            return AuditLog(path: runtime.path, context: ["tracked_head": "unverified: \(error.message)"])
        }
    }

    /// Appends a person's act to the tracked log: its chain and anchor are checked first, the anchor follows.
    func appendTracked(kind: String, actor: String, subject: String, details: [String: String], at time: Date) throws(ApprovalError) {
        _ = try checkedTracked()
        do {
            try tracked.append(kind: kind, actor: actor, subject: subject, details: details, at: time)
            try anchor.advance(to: tracked.verify(), of: tracked)
        } catch {
            throw Self.refusal(error, what: "the tracked audit log")
        }
    }

    /// An audit log problem as a refusal that names which log.
    public static func refusal(_ error: AuditError, what: String) -> ApprovalError {
        ApprovalError(.refused, "\(what) does not verify: \(error.message)", file: error.file, line: error.line, hint: error.hint ?? "run spark audit verify; restore the log from version control")
    }
}
