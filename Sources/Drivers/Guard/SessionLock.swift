public import Foundation

/// One running session per strategy in a project: an OS file lock (`flock`) held for the session's life.
///
/// The kernel drops the lock when the holder ends, however it ends (`kill -9` included), so a dead
/// session never blocks a restart and there is no stale lock file to clean up. The file says who
/// holds it (pid, strategy, journal, start), which a refusal and `spark kill on` print.
public final class SessionLock {
    /// Who holds a session lock.
    public struct Holder: Sendable, Equatable, Codable {
        public var pid: Int32
        public var strategy: String
        public var symbol: String
        public var journal: String
        public var started: String

        public init(pid: Int32 = getpid(), strategy: String, symbol: String, journal: String, started: String) {
            self.pid = pid
            self.strategy = strategy
            self.symbol = symbol
            self.journal = journal
            self.started = started
        }
    }

    public let holder: Holder
    private var descriptor: Int32

    private init(holder: Holder, descriptor: Int32) {
        self.holder = holder
        self.descriptor = descriptor
    }

    deinit { release() }

    /// Where a project's session locks live: `<state>/sessions/<strategy>.lock`.
    public static func directory(stateDirectory: String) -> String { "\(stateDirectory)/sessions" }

    /// Takes the lock for `holder.strategy`, or refuses naming the session that holds it.
    public static func acquire(in directory: String, holder: Holder) throws(ConfigError) -> SessionLock {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ConfigError(.unwritable, "cannot create the session lock directory", file: directory, hint: "check that the project's state directory is writable")
        }
        let path = "\(directory)/\(holder.strategy).lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ConfigError(.unwritable, "cannot open the session lock: \(String(cString: strerror(errno)))", file: path)
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let other = read(descriptor)
            close(descriptor)
            let who = other.map { "pid \($0.pid), \($0.symbol), journal \($0.journal), started \($0.started)" } ?? "a process that has not said who it is yet"
            throw ConfigError(
                .state, "strategy \(holder.strategy) already has a running session in this project (\(who))", file: path,
                hint: "one session per strategy: stop that session first (Ctrl-C where it runs\(other.map { ", or kill \($0.pid)" } ?? "")), or wait for it to end"
            )
        }
        let lock = SessionLock(holder: holder, descriptor: descriptor)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        if let data = try? encoder.encode(holder) {
            ftruncate(descriptor, 0)
            _ = data.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        }
        return lock
    }

    /// Gives the lock up; the kernel does the same if the process dies first.
    public func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    /// The sessions holding a lock in `directory` right now; a lock file nobody holds is not listed.
    public static func running(in directory: String) -> [Holder] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var holders: [Holder] = []
        for name in names.sorted() where name.hasSuffix(".lock") {
            let descriptor = open("\(directory)/\(name)", O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            if flock(descriptor, LOCK_SH | LOCK_NB) == 0 {
                flock(descriptor, LOCK_UN)
                continue
            }
            if let holder = read(descriptor) { holders.append(holder) }
        }
        return holders
    }

    private static func read(_ descriptor: Int32) -> Holder? {
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return try? JSONDecoder().decode(Holder.self, from: Data(bytes[0..<count]))
    }
}
