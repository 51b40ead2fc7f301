import Foundation
import Telemetry
import MarketData
import Approvals
import Audit
import Engine
import LuaRuntime
import SparkConfig
import Desk
import SparkCore

/// One running paper session: its kernel, journal, lock and the desk state it answers to.
final class PaperSession<C: Clock> where C.Duration == Duration {
    let request: PaperRequest
    let kernel: SessionKernel
    let journal: JournalWriter
    let store: GuardStateStore
    let audit: AuditLog
    let check: LaunchCheck
    let launch: LaunchGate.Launch
    let sessionID: String
    let policyPath: String
    let clock: C
    let started: C.Instant
    let startTime: Date
    let log: (String) -> Void
    private let lock: SessionLock
    var feedSource: PaperFeedSource
    var nextBar: PaperFeedBar?
    var policyStamp: [String]
    let initialPolicy: String
    var barsFed = 0
    var savedTransitions = 0
    var lastPoll: C.Instant?
    var lapsed: String?
    var stoppedEarly = false
    var finished = false
    var firstReceived: Date?
    var lastReceived: Date?
    let telemetry: PaperTelemetry?

    var strategyName: String { kernel.setup.strategy.schema.name }
    var policyHash: String { kernel.policy?.sha256 ?? "" }

    init(_ request: PaperRequest, clock: C, wallTime: String, log: @escaping (String) -> Void) async throws {
        let source: String
        do {
            source = try String(contentsOfFile: request.strategyPath, encoding: .utf8)
        } catch {
            throw ConfigError(.unreadable, "cannot read the strategy file", file: request.strategyPath)
        }
        guard let now = ApprovalTime.parse(wallTime) else {
            throw ConfigError(.flag, "start time '\(wallTime)' is not an ISO 8601 time such as 2026-01-01T00:00:00.000Z")
        }
        (self.request, self.clock, self.log, startTime, started) = (request, clock, log, now, clock.now)
        policyPath = try request.guardrailPolicyPath()
        check = LaunchCheck(
            environment: .paper, project: request.project, actor: request.actor, now: now,
            guardrailPolicy: try PolicyFile.identity(path: policyPath), policyHash: request.policyHash
        )
        let setup = try RunSetup.prepare(
            gate: check, strategyPath: request.strategyPath, source: source, paramsPath: request.paramsPath, overrides: request.overrides,
            symbol: request.symbol, instrumentsPath: request.instrumentsPath, limits: request.limits, seed: request.seed
        )
        setup.warnings.forEach(log)
        if let clearance = setup.clearance {
            log("approved for paper: params \(setup.paramsSHA256.prefix(12)) by proposal \(clearance.proposal) (signed by \(clearance.approvers.joined(separator: ", ")))")
        }
        kernel = try SessionKernel(
            SessionSpec(mode: .paper, setup: setup, cash: request.cash, fillModel: request.fillModel, policy: .file(path: policyPath), logLimits: .session),
            guardLog: log
        )
        policyStamp = Paper.stamp(policyPath)
        initialPolicy = kernel.policy?.sha256 ?? ""
        store = GuardStateStore(directory: request.project.stateDirectory)
        // Held until close(); the kernel releases it if the process dies first.
        lock = try SessionLock.acquire(
            in: SessionLock.directory(stateDirectory: request.project.stateDirectory),
            holder: SessionLock.Holder(strategy: setup.strategy.schema.name, symbol: request.symbol, journal: request.journalPath, started: wallTime)
        )
        feedSource = try PaperFeedSource(request)
        nextBar = try await feedSource.next()
        let restored = try Self.restoreGuardState(kernel, store: store, feedStart: nextBar?.bar.time, log: log)
        sessionID = String(RunSetup.sha256Hex("\(setup.strategySHA256)|\(wallTime)|\(request.feedPath)|\(request.seed)").prefix(12))
        journal = try JournalWriter(
            path: request.journalPath, header: Self.header(request, kernel: kernel, source: source, sessionID: sessionID, wallTime: wallTime, policyPath: policyPath, guardState: restored),
            sink: request.journalSink?(request.journalPath)
        )
        launch = check.launch(strategy: setup.strategy.schema.name, paramsHash: setup.paramsSHA256, strategyHash: setup.strategySHA256, symbol: request.symbol)
        let logs = GovernanceLogs(approvalsDirectory: request.project.approvalsDirectory, stateDirectory: request.project.stateDirectory)
        audit = AuditLog(path: logs.runtime.path, context: ["tracked_head": setup.clearance?.trackedHead ?? ""])
        // Breaker transitions (info) reach the operator; each rejection (debug) is in the journal.
        kernel.engine.log = { level, message in if level >= .info { log("[\(level.rawValue)] \(message)") } }
        kernel.onRuleOverrun = journal.ruleOverrun
        telemetry = try request.telemetryPath.map { path throws(TelemetryError) in
            PaperTelemetry(
                writer: try TelemetryWriter(path: path), strategy: setup.strategy.schema.name, symbol: request.symbol,
                intervalSeconds: Double(BarInterval(request.interval)?.milliseconds ?? 60_000) / 1000, startingCash: request.cash,
                paramsHash: setup.paramsSHA256, now: now.timeIntervalSince1970
            )
        }
        for breaker in kernel.policy?.policy.breakers ?? [] { telemetry?.line.counts.breakerTrips[breaker.id] = 0 }
        Self.installBackstop(journalPath: request.journalPath)
    }

    /// Releases the session lock and the backstop handler.
    func close() {
        LuaBackstop.setHandler(nil)
        lock.release()
    }

    /// The time now: the start time plus the clock's elapsed time.
    func wallNow() -> Date {
        let elapsed = started.duration(to: clock.now).components
        return startTime.addingTimeInterval(Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
    }

    /// Closes the session out once: `on_stop`, cancels, the close-out; then journals what it decided.
    func finishIfNeeded() {
        guard !finished else { return }
        finished = true
        kernel.finish()
        record()
    }
}
