import Foundation
import Audit
import Engine
import LuaRuntime
import MarketData
import SparkCore
import Strategies
import Approvals
import SparkConfig
import Desk

/// The paper driver: wall-clock pacing, the simulated venue, and a journal a replay can reproduce.
///
/// It differs from the backtest only in pacing, journaling and in what a strategy failure does:
/// the strategy halts, the journal records where, and the session goes on marking its portfolio.
public enum Paper {
    /// Runs the session until the feed ends or `shouldStop` says so.
    ///
    /// - Parameters:
    ///   - clock: paces the feed; tests pass a clock that does not sleep. It is also the session's one
    ///     wall clock: the time of any moment is `wallTime` plus the clock's elapsed time since the start.
    ///   - wallTime: the start time (ISO 8601, milliseconds kept): written to the journal header and the
    ///     time the launch gate checks approvals against; never seen by the engine.
    ///
    /// Between bars (at most every 200 ms) the session asks the gate again; once its approval expired,
    /// its signer's key was revoked or a newer approval superseded it, the session ends before the
    /// next bar with ``PaperSummary/lapsed`` saying why (positions stay as the journal shows them).
    /// - Throws: an ``ApprovalError`` (code `refused`) naming what is missing when the exact params
    ///   and strategy lack a valid paper quorum in the project's approvals; a ``ConfigError`` (code
    ///   `project`) when the guardrail policy lies outside the project's policies directory.
    public static func run<C: Clock>(
        _ request: PaperRequest, clock: C, wallTime: String, shouldStop: () -> Bool = { false }, log: @escaping (String) -> Void
    ) async throws -> PaperSummary where C.Duration == Duration {
        let source: String
        do {
            source = try String(contentsOfFile: request.strategyPath, encoding: .utf8)
        } catch {
            throw ConfigError(.unreadable, "cannot read the strategy file", file: request.strategyPath)
        }
        guard let now = ApprovalTime.parse(wallTime) else {
            throw ConfigError(.flag, "start time '\(wallTime)' is not an ISO 8601 time such as 2026-01-01T00:00:00.000Z")
        }
        let started = clock.now
        func wallNow() -> Date {
            let elapsed = started.duration(to: clock.now).components
            return now.addingTimeInterval(Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
        }
        let policyPath = try request.guardrailPolicyPath()
        let check = LaunchCheck(
            environment: .paper, project: request.project, actor: request.actor, now: now,
            guardrailPolicy: try PolicyFile.identity(path: policyPath), policyHash: request.policyHash
        )
        let setup = try RunSetup.prepare(
            mode: .gated(check), strategyPath: request.strategyPath, source: source, paramsPath: request.paramsPath, overrides: request.overrides,
            symbol: request.symbol, instrumentsPath: request.instrumentsPath, limits: request.limits, seed: request.seed
        )
        setup.warnings.forEach(log)
        if let clearance = setup.clearance {
            log("approved for paper: params \(setup.paramsSHA256.prefix(12)) by proposal \(clearance.proposal) (signed by \(clearance.approvers.joined(separator: ", ")))")
        }
        guard let cash = Money(request.cash), request.cash > 0 else {
            throw ConfigError(.flag, "--cash \(request.cash) must be a positive amount below 90 billion")
        }
        let guardSetup = try GuardSetup.prepare(path: policyPath, strategy: setup.strategy.schema.name, symbols: setup.symbols, mode: "paper")
        var guardrails = guardSetup.guardrails
        var policyHash = guardSetup.file.sha256
        var policyStamp = Self.stamp(policyPath)
        guardrails.log = log
        let store = GuardStateStore(directory: request.project.stateDirectory)
        let strategyName = setup.strategy.schema.name
        // Held until this function returns; the kernel releases it if the process dies first.
        let lock = try SessionLock.acquire(
            in: SessionLock.directory(stateDirectory: request.project.stateDirectory),
            holder: SessionLock.Holder(strategy: strategyName, symbol: request.symbol, journal: request.journalPath, started: wallTime)
        )
        defer { lock.release() }
        var reader = try CSVBarReader(path: request.feedPath, symbol: SymbolID(0), policy: .skip, from: nil, to: nil)
        var nextBar = try reader.next()
        var restored: String?
        if var snapshot = try store.snapshot(strategy: strategyName) {
            if let feedStart = nextBar?.time {
                let rebased = snapshot.rebased(feedStart: feedStart)
                snapshot = rebased.snapshot
                for id in rebased.rebased {
                    log("breaker \(id) tripped at a later feed time than this feed starts (a re-run over older data): its timed reset counts from the first bar, \(ISOTime.string(feedStart))")
                }
            }
            guardrails.restore(snapshot)
            restored = GuardJSON.encode(snapshot)
            for state in guardrails.breakerStates where state.mode != .active {
                log("breaker \(state.id) is still \(state.mode.rawValue) from an earlier session (\(state.reason ?? "tripped")); release it with: spark breaker reset \(state.id) --strategy \(strategyName) --reason \"why it is safe to resume\"")
            }
        }
        let sessionID = String(RunSetup.sha256Hex("\(setup.strategySHA256)|\(wallTime)|\(request.feedPath)|\(request.seed)").prefix(12))
        var header = JournalHeader(
            sessionID: sessionID, strategyPath: request.strategyPath, strategySource: source, strategySHA256: setup.strategySHA256,
            params: setup.params, symbol: request.symbol, instrument: setup.instrument, interval: request.interval, cash: request.cash,
            fillModel: request.fillModel, seed: request.seed, timeBudgetMs: Int(request.limits.timeBudget.components.seconds * 1000 + request.limits.timeBudget.components.attoseconds / 1_000_000_000_000_000),
            instructionBudget: request.limits.instructionBudget, memoryLimit: request.limits.memoryLimit, startedAt: wallTime,
            policyPath: policyPath, policyText: guardSetup.file.text, policyLuaSources: guardSetup.file.policy.luaSources,
            policySHA256: guardSetup.file.sha256, guardState: restored
        )
        header.paramsSHA256 = setup.paramsSHA256
        header.approval = setup.clearance?.proposal
        header.feedKind = request.feed.name
        header.feedIsLive = request.feed.isLiveMarket
        header.speed = request.speed
        let journal = try JournalWriter(path: request.journalPath, header: header, sink: request.journalSink?(request.journalPath))
        // A C call the sandbox could not bound ends the process at its backstop: leave the reason
        // in the journal (after its last flushed line) and on stderr.
        let journalPath = request.journalPath
        LuaBackstop.setHandler { message in
            let line = JSON.object([("type", JSON.string("backstop")), ("message", JSON.string(message))]) + "\n"
            let fd = open(journalPath, O_WRONLY | O_APPEND)
            if fd >= 0 {
                _ = line.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
                close(fd)
            }
            FileHandle.standardError.write(Data("spark: \(message)\n".utf8))
        }
        defer { LuaBackstop.setHandler(nil) }
        let engine = Engine(configuration: EngineConfiguration(initialCash: cash), symbols: setup.symbols, instruments: [setup.instrument])
        // Breaker transitions (info) reach the operator; each rejection (debug) is in the journal.
        engine.log = { level, message in if level >= .info { log("[\(level.rawValue)] \(message)") } }
        engine.logLimits = .session
        engine.preTradeGuard = guardrails
        guardrails.onRuleOverrun = journal.ruleOverrun
        let loop = SimulationLoop(engine: engine, venue: SimulatedVenue(model: request.fillModel))

        var firstBarTime: Int64?
        var firstReceived: Date?
        var lastReceived: Date?
        var lapsed: String?
        let launch = check.launch(strategy: strategyName, paramsHash: setup.paramsSHA256, strategyHash: setup.strategySHA256, symbol: request.symbol)
        let initialPolicy = policyHash
        var stoppedEarly = false
        var barsFed = 0
        var savedTransitions = 0
        var lastPoll: C.Instant?
        // Operator actions reach the engine as journaled events, so a replay repeats them at the same place.
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
            let killed = guardrails.snapshot().kill != nil
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
                engine.handle(.control(event))
                loop.route()
            }
        }
        let logs = GovernanceLogs(approvalsDirectory: request.project.approvalsDirectory, stateDirectory: request.project.stateDirectory)
        let audit = AuditLog(path: logs.runtime.path, context: ["tracked_head": setup.clearance?.trackedHead ?? ""])
        // A changed policy file takes over between bars, whole, or not at all: a version that does not
        // load is refused and the one in force stays. Breaker states carry over by id.
        func reloadPolicy() throws {
            let stamp = Self.stamp(policyPath)
            guard stamp != policyStamp else { return }
            policyStamp = stamp
            let next: GuardSetup
            do {
                next = try GuardSetup.prepare(path: policyPath, strategy: strategyName, symbols: setup.symbols, mode: "paper")
            } catch {
                log("policy reload refused; \(policyHash.prefix(12))… stays in force:\n\(error)")
                try store.record(audit, kind: "policy.reload_refused", actor: request.actor, subject: policyPath, details: ["in_force": policyHash, "error": "\(error)"], at: wallNow())
                return
            }
            guard next.file.sha256 != policyHash else { return }
            next.guardrails.restore(guardrails.snapshot())
            next.guardrails.log = log
            next.guardrails.onRuleOverrun = journal.ruleOverrun
            journal.policy(next.file, beforeBar: barsFed)
            try store.record(audit, kind: "policy.reloaded", actor: request.actor, subject: policyPath, details: ["from": policyHash, "to": next.file.sha256, "session": sessionID], at: wallNow())
            log("policy reloaded: \(policyHash.prefix(12))… → \(next.file.sha256.prefix(12))…")
            guardrails = next.guardrails
            engine.preTradeGuard = guardrails
            policyHash = next.file.sha256
        }
        func saveGuardState() throws {
            guard engine.transitions.count != savedTransitions else { return }
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
        // Decisions leave the engine once journaled: a session's memory stays flat however long it runs.
        func record() {
            for decision in engine.takeDecisions() {
                if case .strategyFailed(let failure, let event) = decision, failure.isOverrun {
                    journal.overrun(failure, event: event)
                }
                journal.decision(DecisionRecord.json(decision, engine: engine))
            }
            journal.flush()
        }
        var writeFailure: ConfigError?
        var finished = false
        do {
            while let bar = nextBar {
                if shouldStop() {
                    stoppedEarly = true
                    break
                }
                if let speed = request.speed, let firstBarTime {
                    let offset = Duration.milliseconds(Double(bar.time - firstBarTime) / speed)
                    try await clock.sleep(until: started.advanced(by: offset), tolerance: nil)
                }
                if firstBarTime == nil {
                    firstBarTime = bar.time
                    engine.start(strategy: setup.strategy, at: bar.time)
                    loop.route()
                    record()
                }
                try pollControls()
                if let lapsed {
                    log("paper session stops: its approval no longer stands: \(lapsed)")
                    stoppedEarly = true
                    break
                }
                record()
                let received = wallNow()
                firstReceived = firstReceived ?? received
                lastReceived = received
                journal.bar(bar, eventsBefore: engine.eventCount)
                loop.step(bar)
                barsFed += 1
                record()
                try saveGuardState()
                if let failure = journal.failure { throw failure }
                nextBar = try reader.next()
            }
            loop.finish()
            finished = true
            record()
            try saveGuardState()
        } catch let error as ConfigError where error.code == .unwritable {
            writeFailure = error
        }
        reader.issueSummary().forEach(log)
        if let writeFailure {
            // Journaled where the disk still allows, closed out as a replay will close it out; the
            // session ends here either way, never half-running.
            if !finished {
                loop.finish()
                record()
            }
            try? journal.end(engine: engine, reason: "write failed: \(writeFailure.message)")
            throw ConfigError(
                .unwritable, "the session stopped after bar \(barsFed): \(writeFailure.message)", file: writeFailure.file,
                hint: "\(writeFailure.hint ?? "check the disk"); the journal up to there replays with spark replay \(request.journalPath)"
            )
        }
        let ending = lapsed.map { "approval lapsed: \($0)" } ?? (stoppedEarly ? "stopped" : "feed ended")
        try journal.end(engine: engine, reason: ending)
        Backtest.suppressionSummary(engine).forEach(log)
        // The session names its journal by hash in the runtime log: what a paper record may count.
        let journalHash = FileManager.default.contents(atPath: request.journalPath).map(RunSetup.sha256Hex) ?? ""
        try store.record(audit, kind: "paper.session", actor: request.actor, subject: sessionID, details: [
            "journal": request.journalPath, "journal_sha256": journalHash, "params": setup.paramsSHA256, "strategy": setup.strategySHA256,
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

    /// The policy file's modification time and size: what tells a session the file changed.
    static func stamp(_ path: String) -> [String] {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return [] }
        return ["\((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)", "\(attributes[.size] ?? 0)"]
    }

}
