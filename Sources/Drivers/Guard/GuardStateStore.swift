public import Foundation
public import Audit
public import Guardrails

/// Breaker state and operator requests on disk, shared by running sessions and `spark breaker` / `spark kill`.
///
/// Layout under the state directory (default `state/`):
/// - `guardrails-<strategy>.json`: the last saved ``GuardrailsSnapshot`` plus resets waiting to be applied;
/// - `KILL`: present while the kill switch is on; its text is the reason.
/// Every read-modify-write holds an exclusive `flock` on `.lock`, and files are replaced by rename,
/// so a crash leaves the old file or the new one, never half of one.
public struct GuardStateStore: Sendable {
    /// A manual reset asked for by an operator, applied by the next session to see it.
    public struct ResetRequest: Sendable, Codable, Equatable {
        public var breaker: String
        public var by: String
        public var reason: String
        public var at: String
    }

    /// An operator's flatten for a running session: cancel resting orders, close positions.
    public struct FlattenRequest: Sendable, Codable, Equatable {
        public var by: String
        public var reason: String
        public var at: String
    }

    struct File: Codable {
        var snapshot: GuardrailsSnapshot?
        var pendingResets: [ResetRequest] = []
        var history: [ResetRequest] = []
        /// Optional so state files written before flatten existed still load.
        var pendingFlattens: [FlattenRequest]?
    }

    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public var killPath: String { "\(directory)/KILL" }

    func path(strategy: String) -> String { "\(directory)/guardrails-\(strategy).json" }

    /// The kill switch's reason when it is on.
    public func killReason() -> String? { kill()?.reason }

    /// The kill switch when it is on: its level and reason. The file's first line may be `level: 1`
    /// (block new orders); without it the level is 2 (also cancel every resting order), what the
    /// switch always meant in backtest and paper.
    public func kill() -> (level: Int, reason: String)? {
        guard let data = FileManager.default.contents(atPath: killPath) else { return nil }
        var text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        var level = 2
        if text.hasPrefix("level: 1") || text.hasPrefix("level: 2") {
            level = text.hasPrefix("level: 1") ? 1 : 2
            text = String(text.dropFirst("level: 1".count)).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return (level, text.isEmpty ? "kill switch on" : text)
    }

    /// Turns the kill switch on (at `level` 1 or 2) or off and records who did it and why in `audit` (when given).
    public func setKill(_ on: Bool, level: Int = 2, reason: String, by: String = "unknown", audit: AuditLog? = nil, at time: Date = Date()) throws(ConfigError) {
        guard level == 1 || level == 2 else {
            throw ConfigError(.flag, "kill switch level \(level) does not exist; use 1 (block new orders) or 2 (also cancel every resting order)")
        }
        try locked { () throws(ConfigError) in
            if on {
                try write(Data("level: \(level)\n\(reason)".utf8), to: killPath)
            } else {
                try? FileManager.default.removeItem(atPath: killPath)
            }
        }
        try record(audit, kind: on ? "kill.on" : "kill.off", actor: by, subject: "kill-switch", details: ["reason": reason, "level": on ? "\(level)" : "0"], at: time)
    }

    /// Appends to the audit log, turning its errors into ours.
    func record(_ audit: AuditLog?, kind: String, actor: String, subject: String, details: [String: String], at time: Date) throws(ConfigError) {
        guard let audit else { return }
        do {
            try audit.append(kind: kind, actor: actor, subject: subject, details: details, at: time)
        } catch {
            throw ConfigError(.unwritable, "cannot append to the audit log: \(error.message)", file: audit.path, hint: "check that the approvals directory is writable; `spark audit verify` checks the chain")
        }
    }

    public func snapshot(strategy: String) throws(ConfigError) -> GuardrailsSnapshot? {
        try read(strategy: strategy).snapshot
    }

    /// Resets waiting for `strategy`, and clears them (the caller applies them now).
    public func takePendingResets(strategy: String) throws(ConfigError) -> [ResetRequest] {
        try locked { () throws(ConfigError) -> [ResetRequest] in
            var file = try read(strategy: strategy)
            let pending = file.pendingResets
            guard !pending.isEmpty else { return [] }
            file.history += pending
            file.pendingResets = []
            try save(file, strategy: strategy)
            return pending
        }
    }

    /// Whether resets or flattens are waiting, without taking the lock (polled between bars).
    public func hasPendingRequests(strategy: String) -> Bool {
        guard let file = try? read(strategy: strategy) else { return false }
        return !file.pendingResets.isEmpty || file.pendingFlattens?.isEmpty == false
    }

    /// Flattens waiting for `strategy`, and clears them (the caller applies them now).
    public func takePendingFlattens(strategy: String) throws(ConfigError) -> [FlattenRequest] {
        try locked { () throws(ConfigError) -> [FlattenRequest] in
            var file = try read(strategy: strategy)
            let pending = file.pendingFlattens ?? []
            guard !pending.isEmpty else { return [] }
            file.pendingFlattens = nil
            try save(file, strategy: strategy)
            return pending
        }
    }

    /// Queues a flatten for the running session of `strategy`, which applies it before its next bar.
    public func requestFlatten(strategy: String, by: String, reason: String, at time: Date, audit: AuditLog? = nil) throws(ConfigError) {
        try locked { () throws(ConfigError) in
            var file = try read(strategy: strategy)
            file.pendingFlattens = (file.pendingFlattens ?? []) + [FlattenRequest(by: by, reason: reason, at: AuditLog.timestamp(time))]
            try save(file, strategy: strategy)
        }
        try record(audit, kind: "flatten.requested", actor: by, subject: strategy, details: ["reason": reason], at: time)
    }

    public func save(_ snapshot: GuardrailsSnapshot, strategy: String) throws(ConfigError) {
        try locked { () throws(ConfigError) in
            var file = try read(strategy: strategy)
            file.snapshot = snapshot
            try save(file, strategy: strategy)
        }
    }

    /// Queues a manual reset; a running session applies it before its next bar, or the next session at start.
    public func requestReset(strategy: String, breaker: String, by: String, reason: String, at time: Date, audit: AuditLog? = nil) throws(ConfigError) {
        try locked { () throws(ConfigError) in
            var file = try read(strategy: strategy)
            file.pendingResets.append(ResetRequest(breaker: breaker, by: by, reason: reason, at: AuditLog.timestamp(time)))
            try save(file, strategy: strategy)
        }
        try record(audit, kind: "breaker.reset", actor: by, subject: "\(strategy)/\(breaker)", details: ["reason": reason], at: time)
    }

    /// Every strategy with saved state, and its snapshot.
    public func all() throws(ConfigError) -> [(strategy: String, snapshot: GuardrailsSnapshot?, pending: [ResetRequest])] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var result: [(String, GuardrailsSnapshot?, [ResetRequest])] = []
        for name in names.sorted() where name.hasPrefix("guardrails-") && name.hasSuffix(".json") {
            let strategy = String(name.dropFirst("guardrails-".count).dropLast(".json".count))
            let file = try read(strategy: strategy)
            result.append((strategy, file.snapshot, file.pendingResets))
        }
        return result
    }

    // MARK: Files

    func read(strategy: String) throws(ConfigError) -> File {
        let path = path(strategy: strategy)
        guard let data = FileManager.default.contents(atPath: path) else { return File() }
        do {
            return try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw ConfigError(.unreadable, "the breaker state file is damaged (\(error))", file: path, hint: "restore it from backup; deleting it resets every breaker, so do that only deliberately")
        }
    }

    private func save(_ file: File, strategy: String) throws(ConfigError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        guard let data = try? encoder.encode(file) else { throw ConfigError(.value, "cannot encode breaker state") }
        try write(data, to: path(strategy: strategy))
    }

    private func write(_ data: Data, to path: String) throws(ConfigError) {
        let temporary = path + ".partial"
        do {
            try data.write(to: URL(fileURLWithPath: temporary))
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw ConfigError(.unwritable, "cannot write breaker state (\(error.localizedDescription))", file: temporary, hint: "check that \(directory) is writable and the disk has space")
        }
        guard rename(temporary, path) == 0 else {
            throw ConfigError(.unwritable, "cannot replace breaker state: \(String(cString: strerror(errno)))", file: path)
        }
    }

    private func locked<T>(_ body: () throws(ConfigError) -> T) throws(ConfigError) -> T {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ConfigError(.unwritable, "cannot create the state directory", file: directory, hint: "the project's state directory must be writable")
        }
        let descriptor = open("\(directory)/.lock", O_CREAT | O_RDWR, 0o644)
        guard descriptor >= 0 else { throw ConfigError(.unreadable, "cannot open the state lock", file: "\(directory)/.lock") }
        defer { close(descriptor) }
        flock(descriptor, LOCK_EX)
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}
