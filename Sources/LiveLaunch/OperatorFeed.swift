import Foundation
import Audit
import Desk
import Drivers
import Live

/// The operator's side of a live session: the project's kill switch file, flatten requests and the
/// gate's answers between inputs, turned into journaled controls.
///
/// Polled every 200 ms. A lapsed approval engages level 1 on the gate's behalf; it is released only
/// when the approval stands again and the kill in force is the gate's, never an operator's.
final class OperatorFeed: @unchecked Sendable {
    let store: GuardStateStore
    let strategy: String
    let governor: LiveGovernor
    /// The guardrail policy's path: a cleared change to it is loaded and handed to the session.
    let guardrailPolicy: String
    let audit: AuditLog
    let actor: String
    let log: @Sendable (String) -> Void
    /// The level and reason last sent, from the file (operator) or the gate.
    private var fileKill: (level: Int, reason: String)?
    private var gateKill: String?
    /// Refusals to write into the session's journal on the next turn.
    private var notes: [String] = []
    /// Writes a note into the session's journal.
    var journalNote: @Sendable (String) async -> Void = { _ in }

    init(
        store: GuardStateStore, strategy: String, governor: LiveGovernor, guardrailPolicy: String, audit: AuditLog, actor: String,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.guardrailPolicy = guardrailPolicy
        self.store = store
        self.strategy = strategy
        self.governor = governor
        self.audit = audit
        self.actor = actor
        self.log = log
    }

    /// The controls, as they arise, until `shouldStop`.
    func controls(shouldStop: @escaping @Sendable () -> Bool) -> AsyncStream<LiveControl> {
        AsyncStream { continuation in
            let task = Task {
                while !Task.isCancelled, !shouldStop() {
                    for control in self.poll(now: Date()) { continuation.yield(control) }
                    for note in self.takeNotes() { await self.journalNote(note) }
                    try? await Task.sleep(for: .milliseconds(200))
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// What changed since the last poll.
    func poll(now: Date) -> [LiveControl] {
        var controls: [LiveControl] = []
        let kill = store.kill()
        if kill?.level != fileKill?.level || kill?.reason != fileKill?.reason {
            if let kill {
                controls.append(.kill(level: kill.level, by: "operator", reason: kill.reason))
            } else if gateKill == nil {
                controls.append(.release(by: "operator", reason: "kill switch off"))
            }
            fileKill = kill
        }
        if let flattens = try? store.takePendingFlattens(strategy: strategy) {
            controls += flattens.map { .flatten(by: $0.by, reason: $0.reason) }
        }
        for decision in governor.poll(now: now) {
            controls += handle(decision, now: now)
        }
        return controls
    }

    private func takeNotes() -> [String] {
        defer { notes = [] }
        return notes
    }

    private func handle(_ decision: LiveGovernor.Decision, now: Date) -> [LiveControl] {
        switch decision {
        case .lapsed(let reason):
            gateKill = reason
            record("live.approval_lapsed", details: ["reason": reason], now: now)
            log("ALERT approval lapsed: \(reason); no new orders until it stands again")
            return [.kill(level: 1, by: "gate", reason: "approval lapsed: \(reason)")]
        case .restored:
            gateKill = nil
            record("live.approval_restored", details: [:], now: now)
            log("approval stands again")
            return fileKill == nil ? [.release(by: "gate", reason: "approval stands again")] : []
        case .refused(let file, let hash, let reason):
            record("live.policy_refused", details: ["file": file, "hash": hash, "reason": reason], now: now)
            log("ALERT policy change refused: \(file) (\(hash.prefix(12))) lacks a valid live approval; the version in force stays: \(reason)")
            notes.append("policy change refused: \(file) (\(hash.prefix(12))) lacks a valid live approval; the version in force stays: \(reason)")
            return []
        case .adopt(let file, let hash):
            guard file == (guardrailPolicy as NSString).lastPathComponent else {
                log("policy \(file) → \(hash.prefix(12)) takes over (approved for live)")
                return []
            }
            // Loaded again and checked against the hash the gate cleared: a file edited since the poll is not adopted.
            guard let policy = try? PolicyFile.load(path: guardrailPolicy), policy.sha256 == hash else {
                record("live.policy_refused", details: ["file": file, "hash": hash, "reason": "changed again after the gate cleared it"], now: now)
                log("ALERT guardrail policy changed again after the gate cleared \(hash.prefix(12)); the version in force stays")
                return []
            }
            log("guardrail policy → \(hash.prefix(12)) takes over (approved for live)")
            return [.adoptPolicy(PolicyRecord(path: guardrailPolicy, text: policy.text, lua: policy.policy.luaSources, sha256: hash), by: "gate")]
        }
    }

    private func record(_ kind: String, details: [String: String], now: Date) {
        do {
            try audit.append(kind: kind, actor: actor, subject: strategy, details: details, at: now)
        } catch {
            log("cannot append to the runtime log: \(error.message)")
        }
    }
}
