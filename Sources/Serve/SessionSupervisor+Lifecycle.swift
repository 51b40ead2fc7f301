import Foundation
import Telemetry

extension SessionSupervisor {
    /// Starts a session in a new process and waits until it reports (or up to `wait`): a start the
    /// launch gate refuses ends with the child's own refusal, exactly what `spark paper` would print.
    public func start(_ request: SessionRequest, by caller: String, wait: Duration = .seconds(5)) async throws(ControlRefusal) -> SupervisedSession {
        var request = request
        _ = try request.arguments(journal: "-", telemetry: "-", resume: nil)
        if request.mode == "paper", request.marketURL == nil, let feed = request.feed, feed.hasPrefix("binance:"), let relay = relayTarget,
            relay.symbols.contains(String(feed.dropFirst("binance:".count)).uppercased()), (request.interval ?? "1m") == relay.interval
        {
            request.marketURL = relay.url
        }
        let id = "s" + String(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(10))
        let directory = "\(environment.directory)/sessions/\(id)"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ControlRefusal(503, "invalid", "cannot create \(directory): \(error.localizedDescription)")
        }
        let now = environment.nowMs()
        sessions[id] = SupervisedSession(
            id: id, request: request, state: "starting", pid: nil, journals: [], telemetry: "\(directory)/telemetry.jsonl",
            log: "\(directory)/session.log", restarts: 0, startedBy: caller, createdMs: now, updatedMs: now, reason: nil, status: nil
        )
        readers[id] = TelemetryReader(path: "\(directory)/telemetry.jsonl")
        try spawn(id, resume: nil)
        let deadline = ContinuousClock.now.advanced(by: wait)
        while ContinuousClock.now < deadline, sessions[id]?.state == "starting" {
            try? await Task.sleep(for: .milliseconds(50))
            poll()
        }
        guard let session = sessions[id] else { throw ControlRefusal(500, "invalid", "session \(id) vanished") }
        if session.state == "failed" {
            throw ControlRefusal(422, "refused", "the session did not start: \(session.reason ?? "its process ended")", hint: "see \(session.log)")
        }
        if session.state == "starting", processes[id]?.isRunning == true, request.mode == "live" {
            sessions[id]?.state = "running"
            persist(id)
        }
        return sessions[id] ?? session
    }

    /// Stops a session: SIGTERM (the session stops between bars and closes its journal), SIGKILL
    /// after `grace`.
    public func stop(_ id: String, reason: String, grace: Duration = .seconds(15)) async throws(ControlRefusal) -> SupervisedSession {
        guard let session = sessions[id] else { throw ControlRefusal(404, "invalid", "no session \(id)") }
        guard ["starting", "running", "restarting"].contains(session.state) else { return session }
        stopping[id] = reason
        guard let pid = session.pid, session.state != "restarting" else {
            sessions[id]?.state = "stopped"
            sessions[id]?.reason = reason
            persist(id)
            return sessions[id]!
        }
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now.advanced(by: grace)
        while ContinuousClock.now < deadline, Self.isAlive(pid, mentioning: session.telemetry) {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if Self.isAlive(pid, mentioning: session.telemetry) { kill(pid, SIGKILL) }
        while processes[id] != nil, ContinuousClock.now < deadline.advanced(by: .seconds(2)) {
            try? await Task.sleep(for: .milliseconds(20))
        }
        attached.remove(id)
        if processes[id] == nil, sessions[id]?.state != "stopped" {
            sessions[id]?.state = "stopped"
            sessions[id]?.reason = reason
            persist(id)
        }
        poll()
        return sessions[id]!
    }

    /// Stops every running session (a graceful shutdown of the executor).
    public func shutdown() async {
        await withTaskGroup(of: Void.self) { group in
            for session in list() where ["starting", "running", "restarting"].contains(session.state) {
                group.addTask { _ = try? await self.stop(session.id, reason: "the executor shut down") }
            }
        }
        poll()
    }

    func spawn(_ id: String, resume: String?) throws(ControlRefusal) {
        guard var session = sessions[id] else { return }
        let journal = "\(environment.directory)/sessions/\(id)/journal-\(session.journals.count + 1).jsonl"
        let arguments = try session.request.arguments(journal: journal, telemetry: session.telemetry, resume: resume)
        // Appended to, never recreated: the log of a run that crashed is what says why.
        if !FileManager.default.fileExists(atPath: session.log) { FileManager.default.createFile(atPath: session.log, contents: nil) }
        guard let log = FileHandle(forWritingAtPath: session.log) else { throw ControlRefusal(503, "invalid", "cannot write \(session.log)") }
        _ = try? log.seekToEnd()
        let process = environment.sparkProcess(arguments, output: log)
        process.terminationHandler = { [weak self] ended in
            let status = ended.terminationStatus
            let signaled = ended.terminationReason == .uncaughtSignal
            Task { await self?.exited(id, status: status, signaled: signaled) }
        }
        do {
            try process.run()
        } catch {
            session.state = "failed"
            session.reason = "cannot run \(environment.executable): \(error.localizedDescription)"
            sessions[id] = session
            persist(id)
            throw ControlRefusal(503, "invalid", session.reason!)
        }
        try? log.close()
        processes[id] = process
        session.pid = process.processIdentifier
        session.journals.append(journal)
        sessions[id] = session
        persist(id)
    }

    func exited(_ id: String, status: Int32, signaled: Bool) {
        processes[id] = nil
        readTelemetry()
        guard let session = sessions[id] else { return }
        if let reason = stopping.removeValue(forKey: id) {
            sessions[id]?.state = "stopped"
            sessions[id]?.reason = reason
        } else if !signaled, status == 0 {
            sessions[id]?.state = "finished"
            sessions[id]?.reason = "the session ended (its feed or --bars ran out)"
        } else if session.state == "starting" {
            sessions[id]?.state = "failed"
            sessions[id]?.reason = Self.tail(of: session.log)
        } else {
            died(id, status: signaled ? "its process was killed by signal \(status)" : "its process exited with status \(status)")
            return
        }
        persist(id)
        updateStateGauges()
    }

    /// A session's process died unasked: restart it after the back-off, up to the limit.
    func died(_ id: String, status: String) {
        guard let session = sessions[id] else { return }
        if let reason = stopping.removeValue(forKey: id) {
            sessions[id]?.state = "stopped"
            sessions[id]?.reason = reason
            persist(id)
            return
        }
        let settings = environment.settings
        guard session.restarts < settings.restartLimit else {
            sessions[id]?.state = "failed"
            sessions[id]?.reason = "\(status); not restarted: \(session.restarts) restarts already (restart_limit \(settings.restartLimit))"
            persist(id)
            return
        }
        sessions[id]?.state = "restarting"
        sessions[id]?.reason = status
        sessions[id]?.restarts += 1
        persist(id)
        let labels = ["mode": session.request.mode, "strategy": session.status?.strategy ?? Self.strategyName(session.request.strategy), "symbol": session.request.symbol]
        environment.metrics.counter(.sessionRestarts, labels).increment()
        environment.log("executor: session \(id) \(status); restarting (\(session.restarts + 1) of \(settings.restartLimit))")
        let backoff = Duration.milliseconds(settings.restartBackoffMs << min(session.restarts, 10))
        Task { [weak self] in
            try? await Task.sleep(for: backoff)
            await self?.restart(id)
        }
    }

    func restart(_ id: String) {
        guard let session = sessions[id], session.state == "restarting", stopping[id] == nil else { return }
        // Live continues its journal (reconciling with the exchange); paper starts a new one.
        let resume = session.request.mode == "live" ? session.journals.last : nil
        do {
            try spawn(id, resume: resume)
            sessions[id]?.state = "running"
            persist(id)
        } catch {
            sessions[id]?.state = "failed"
            sessions[id]?.reason = "restart failed: \(error.message)"
            persist(id)
        }
    }

    static func strategyName(_ path: String) -> String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    /// The last lines the process wrote: what refused it.
    static func tail(of path: String) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n").suffix(6).map(String.init)
        return lines.isEmpty ? "its process ended before it reported" : lines.joined(separator: "\n")
    }
}
