import Foundation

/// Appends telemetry lines to a session's file; the supervisor tails it.
///
/// The file is opened for appending, never truncated: a restarted session continues the same file,
/// so the supervisor sees the restart as counts that went down, not as a lost history.
public final class TelemetryWriter: @unchecked Sendable {
    // One writer per session process, called from its one driving task: the lock only guards a
    // report racing the final one at shutdown.
    private let lock = NSLock()
    private let handle: FileHandle
    public let path: String
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// Opens `path` for appending, creating it (mode 0644) when missing.
    public init(path: String) throws(TelemetryError) {
        self.path = path
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw TelemetryError("cannot open the telemetry file: \(String(cString: strerror(errno)))", path: path)
        }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    /// Writes one line. A failed write is reported to the caller and loses only telemetry, never trading state.
    public func write(_ line: TelemetryLine) throws(TelemetryError) {
        lock.lock()
        defer { lock.unlock() }
        do {
            var data = try encoder.encode(line)
            data.append(0x0A)
            try handle.write(contentsOf: data)
        } catch {
            throw TelemetryError("cannot write the telemetry file: \(error)", path: path)
        }
    }
}
