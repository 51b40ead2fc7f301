import Foundation
import Approvals
import Engine
import SparkConfig
import Desk
import SparkCore

extension PaperSession {
    /// Between bars (at most every 200 ms): the gate again, a changed policy, the kill switch,
    /// breaker resets and flattens. Operator actions reach the engine as journaled events, so a
    /// replay repeats them at the same place.
    func pollControls() throws {
        if let lastPoll, lastPoll.duration(to: clock.now) < .milliseconds(200) { return }
        lastPoll = clock.now
        do {
            _ = try check.gate.recheck(launch, now: wallNow())
        } catch {
            lapsed = error.message
            return
        }
        try reloadPolicy()
        var events: [ControlEvent] = []
        let kill = store.killReason()
        let killed = kernel.guardrails?.snapshot().kill != nil
        if let kill, !killed {
            events.append(.kill(on: true, reason: kill))
        } else if kill == nil, killed {
            events.append(.kill(on: false, reason: "kill flag removed"))
        }
        if store.hasPendingRequests(strategy: strategyName) {
            for reset in try store.takePendingResets(strategy: strategyName) {
                events.append(.resetBreaker(id: reset.breaker, by: reset.by, reason: reset.reason))
            }
            for flatten in try store.takePendingFlattens(strategy: strategyName) {
                log("flatten requested by \(flatten.by): \(flatten.reason); cancelling resting orders and closing positions before bar \(barsFed + 1)")
                events.append(.flatten(by: flatten.by, reason: flatten.reason))
            }
        }
        for event in events {
            journal.control(event, beforeBar: barsFed)
            try kernel.apply(.control(event))
        }
    }

    /// A changed policy file takes over between bars, whole, or not at all: a version that does not
    /// load is refused and the one in force stays. Breaker states carry over by id.
    func reloadPolicy() throws {
        let stamp = Paper.stamp(policyPath)
        guard stamp != policyStamp else { return }
        policyStamp = stamp
        let before = policyHash
        let replaced: PolicyFile?
        do {
            replaced = try kernel.replacePolicy(with: .file(path: policyPath))
        } catch {
            log("policy reload refused; \(before.prefix(12))… stays in force:\n\(error)")
            try store.record(audit, kind: "policy.reload_refused", actor: request.actor, subject: policyPath, details: ["in_force": before, "error": "\(error)"], at: wallNow())
            return
        }
        // The file was touched but says the same: nothing to journal.
        guard let next = replaced else { return }
        journal.policy(next, beforeBar: barsFed)
        try store.record(audit, kind: "policy.reloaded", actor: request.actor, subject: policyPath, details: ["from": before, "to": next.sha256, "session": sessionID], at: wallNow())
        log("policy reloaded: \(before.prefix(12))… → \(next.sha256.prefix(12))…")
    }

    /// Saves the breaker states and audits each transition since the last save.
    func saveGuardState() throws {
        let engine = kernel.engine
        guard engine.transitions.count != savedTransitions, let guardrails = kernel.guardrails else { return }
        try store.save(guardrails.snapshot(), strategy: strategyName)
        for change in engine.transitions[savedTransitions...] {
            try store.record(
                audit, kind: change.isTrip ? "breaker.trip" : "breaker.release", actor: request.actor, subject: "\(strategyName)/\(change.breaker)",
                details: ["from": change.from.rawValue, "to": change.to.rawValue, "reason": change.reason, "event_time": ISOTime.string(change.time), "session": sessionID],
                at: wallNow()
            )
        }
        savedTransitions = engine.transitions.count
    }

    /// Journals the decisions made since the last call; they leave the engine, so a session's
    /// memory stays flat however long it runs.
    func record() {
        for decision in kernel.engine.takeDecisions() {
            if case .strategyFailed(let failure, let event) = decision.event, failure.isOverrun {
                journal.overrun(failure, event: event)
            }
            journal.decision(DecisionRecord(decision))
            telemetry?.observe(decision)
        }
        journal.flush()
    }

    /// Writes the end record and the runtime log's `paper.session` entry; returns the summary.
    func end() throws -> PaperSummary {
        let engine = kernel.engine
        let ending = lapsed.map { "approval lapsed: \($0)" } ?? (stoppedEarly ? "stopped" : "feed ended")
        try journal.end(engine: engine, reason: ending)
        Backtest.suppressionSummary(engine).forEach(log)
        // The session names its journal by hash in the runtime log: what a paper record may count.
        let journalHash = FileManager.default.contents(atPath: request.journalPath).map(RunSetup.sha256Hex) ?? ""
        try store.record(audit, kind: "paper.session", actor: request.actor, subject: sessionID, details: [
            "journal": request.journalPath, "journal_sha256": journalHash, "params": kernel.setup.paramsSHA256, "strategy": kernel.setup.strategySHA256,
            "guardrail_policy": policyHash == initialPolicy ? policyHash : "changed during the session", "feed_kind": request.feed.name,
            "feed_live": request.feed.isLiveMarket ? "true" : "false", "speed": request.speed.map { String(format: "%g", $0) } ?? "max",
            "first_received": firstReceived.map(ApprovalTime.format) ?? "", "last_received": lastReceived.map(ApprovalTime.format) ?? "",
            "bars": "\(engine.barCount)", "end": ending,
        ], at: wallNow())
        return PaperSummary(
            sessionID: sessionID, journalPath: request.journalPath, bars: engine.barCount, decisions: engine.decisionCount,
            failure: engine.failure, equity: engine.markedEquity(), portfolio: PortfolioSnapshot.json(engine), stoppedEarly: stoppedEarly,
            lapsed: lapsed, rejectionsByRule: engine.rejectionsByRule
        )
    }

    /// Warnings about rows the feed skipped.
    func feedWarnings() -> [String] { feedSource.finish() }
}
