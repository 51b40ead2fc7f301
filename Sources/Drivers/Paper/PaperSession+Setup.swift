import Foundation
import Engine
import LuaRuntime
import SparkCore

extension PaperSession {
    /// Restores the breaker states an earlier session saved, rebased to this feed's start; returns
    /// them as the journal header records them.
    static func restoreGuardState(_ kernel: SessionKernel, store: GuardStateStore, feedStart: Int64?, log: (String) -> Void) throws -> String? {
        let strategyName = kernel.setup.strategy.schema.name
        guard var snapshot = try store.snapshot(strategy: strategyName), let guardrails = kernel.guardrails else { return nil }
        if let feedStart {
            let rebased = snapshot.rebased(feedStart: feedStart)
            snapshot = rebased.snapshot
            for id in rebased.rebased {
                log("breaker \(id) tripped at a later feed time than this feed starts (a re-run over older data): its timed reset counts from the first bar, \(ISOTime.string(feedStart))")
            }
        }
        guardrails.restore(snapshot)
        for state in guardrails.breakerStates where state.mode != .active {
            log("breaker \(state.id) is still \(state.mode.rawValue) from an earlier session (\(state.reason ?? "tripped")); release it with: spark breaker reset \(state.id) --strategy \(strategyName) --reason \"why it is safe to resume\"")
        }
        return GuardJSON.encode(snapshot)
    }

    /// The journal's first line: everything a replay needs, the strategy source and policy text included.
    static func header(
        _ request: PaperRequest, kernel: SessionKernel, source: String, sessionID: String, wallTime: String, policyPath: String, guardState: String?
    ) -> JournalHeader {
        let setup = kernel.setup, budget = request.limits.timeBudget.components
        var header = JournalHeader(
            sessionID: sessionID, strategyPath: request.strategyPath, strategySource: source, strategySHA256: setup.strategySHA256,
            params: setup.params, symbol: request.symbol, instrument: setup.instrument, interval: request.interval, cash: request.cash,
            fillModel: request.fillModel, seed: request.seed, timeBudgetMs: Int(budget.seconds * 1000 + budget.attoseconds / 1_000_000_000_000_000),
            instructionBudget: request.limits.instructionBudget, memoryLimit: request.limits.memoryLimit, startedAt: wallTime,
            policyPath: policyPath, policyText: kernel.policy?.text, policyLuaSources: kernel.policy?.policy.luaSources ?? [:],
            policySHA256: kernel.policy?.sha256, guardState: guardState
        )
        header.paramsSHA256 = setup.paramsSHA256
        header.approval = setup.clearance?.proposal
        header.feedKind = request.feed.name
        header.feedIsLive = request.feed.isLiveMarket
        header.speed = request.speed
        return header
    }

    /// A C call the sandbox could not bound ends the process at its backstop: leave the reason in
    /// the journal (after its last flushed line) and on stderr.
    static func installBackstop(journalPath: String) {
        LuaBackstop.setHandler { message in
            let line = JSON.object([("type", JSON.string("backstop")), ("message", JSON.string(message))]) + "\n"
            let fd = open(journalPath, O_WRONLY | O_APPEND)
            if fd >= 0 {
                _ = line.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
                _ = Foundation.close(fd)
            }
            StandardError.write("spark: \(message)\n")
        }
    }
}
