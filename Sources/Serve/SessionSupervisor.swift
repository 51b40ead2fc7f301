import Foundation
import Telemetry
import Drivers

/// The executor's sessions: each in its own `spark paper` / `spark live` process, watched, restarted
/// per policy when it dies, and re-attached after the executor itself restarts.
///
/// A session's process is the unit of failure: a crash, a watchdog abort or an out-of-memory kill
/// ends that process only. Its journal and telemetry are files the process owns; this actor only
/// reads them, so nothing the executor does can lose a session's order or fill.
public actor SessionSupervisor {
    let environment: ServeEnvironment
    var sessions: [String: SupervisedSession] = [:]
    var processes: [String: Process] = [:]
    var readers: [String: TelemetryReader] = [:]
    var meters: [String: SessionMeter] = [:]
    var stopping: [String: String] = [:]
    /// Sessions whose process an earlier executor started: watched by pid, not by a termination handler.
    var attached: Set<String> = []
    private var pollTask: Task<Void, Never>?
    /// The streams service's market relay, when it runs in this server: (address, symbols, interval).
    var relayTarget: (url: String, symbols: Set<String>, interval: String)?

    /// Points paper sessions on a `binance:` feed the streams service keeps at its relay, so the
    /// exchange sees one connection per symbol.
    func relay(url: String, symbols: Set<String>, interval: String) {
        relayTarget = (url, symbols, interval)
    }

    public init(environment: ServeEnvironment) {
        self.environment = environment
    }

    /// Loads the sessions of the store, re-attaches to the processes still running, restarts (per
    /// policy) the ones that died while the executor was down, and starts watching.
    public func boot() throws(ServeError) {
        try? FileManager.default.createDirectory(atPath: "\(environment.directory)/sessions", withIntermediateDirectories: true)
        for var session in try environment.database.sessions() {
            sessions[session.id] = session
            guard ["starting", "running", "restarting"].contains(session.state) else { continue }
            var reader = TelemetryReader(path: session.telemetry)
            if let last = reader.next().last {
                var quiet = last
                quiet.samples = [:]
                meters[session.id, default: SessionMeter()].apply(quiet, to: environment.metrics)
                session.status = last
            }
            readers[session.id] = reader
            if let pid = session.pid, Self.isAlive(pid, mentioning: session.telemetry) {
                session.state = "running"
                session.reason = "re-attached after the executor restarted"
                sessions[session.id] = session
                attached.insert(session.id)
                persist(session.id)
            } else {
                sessions[session.id] = session
                died(session.id, status: "its process ended while the executor was down")
            }
        }
        pollTask = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
                await self?.poll()
            }
        }
        updateStateGauges()
    }

    /// Every session, oldest first.
    public func list() -> [SupervisedSession] {
        sessions.values.sorted { ($0.createdMs, $0.id) < ($1.createdMs, $1.id) }
    }

    /// One session with its latest telemetry.
    public func session(_ id: String) -> SupervisedSession? { sessions[id] }

    /// Reads new telemetry of every session and checks the processes it did not start itself.
    func poll() {
        readTelemetry()
        for id in attached where ["running", "starting"].contains(sessions[id]?.state ?? "") {
            if let pid = sessions[id]?.pid, let path = sessions[id]?.telemetry, !Self.isAlive(pid, mentioning: path) {
                attached.remove(id)
                died(id, status: "its process \(pid) is gone")
            }
        }
        updateStateGauges()
    }

    func readTelemetry() {
        for id in sessions.keys {
            guard var reader = readers[id] else { continue }
            let lines = reader.next()
            readers[id] = reader
            guard let last = lines.last else { continue }
            for line in lines { meters[id, default: SessionMeter()].apply(line, to: environment.metrics) }
            sessions[id]?.status = last
            if sessions[id]?.state == "starting" {
                sessions[id]?.state = "running"
                persist(id)
            }
        }
    }

    func updateStateGauges() {
        environment.metrics.gauge(.killLevel).set(to: Double(GuardStateStore(directory: environment.project.stateDirectory).kill()?.level ?? 0))
        for (id, session) in sessions where ["stopped", "finished", "failed"].contains(session.state) {
            if var meter = meters.removeValue(forKey: id) { meter.remove(from: environment.metrics) }
        }
        for mode in ["paper", "live"] {
            for state in ["starting", "running", "restarting", "stopped", "finished", "failed"] {
                let count = sessions.values.filter { $0.request.mode == mode && $0.state == state }.count
                environment.metrics.gauge(.sessions, ["mode": mode, "state": state]).set(to: Double(count))
            }
        }
    }

    func persist(_ id: String) {
        guard var session = sessions[id] else { return }
        session.updatedMs = environment.nowMs()
        sessions[id] = session
        do {
            try environment.database.save(session)
        } catch {
            environment.log("executor: \(error)")
        }
    }

    /// Whether `pid` runs and is the session's process (its arguments name the telemetry file), so a
    /// recycled pid is never taken for the session.
    static func isAlive(_ pid: Int32, mentioning path: String) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") {
            let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
            if state == "Z" { return false }
        }
        return data.split(separator: 0).contains { String(decoding: $0, as: UTF8.self) == path }
    }
}
