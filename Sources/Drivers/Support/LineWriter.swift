import Foundation

/// Appends lines to a file through a buffer; `flush()` makes what was written so far durable.
///
/// Files are written under a temporary name and renamed into place by ``close(rename:)`` when a
/// half-written file must never be mistaken for a whole one (reports); journals append in place,
/// because a crashed session's prefix is exactly what a replay needs.
final class LineWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    let path: String

    init(path: String, append: Bool = false) throws(ConfigError) {
        self.path = path
        let manager = FileManager.default
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        if !append || !manager.fileExists(atPath: path) {
            guard manager.createFile(atPath: path, contents: nil) else {
                throw ConfigError(.unreadable, "cannot create the file", file: path, hint: "check that the directory is writable")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw ConfigError(.unreadable, "cannot open the file for writing", file: path)
        }
        if append { handle.seekToEndOfFile() }
        self.handle = handle
        buffer.reserveCapacity(1 << 16)
    }

    func write(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and forces the bytes to disk.
    func sync() {
        flush()
        try? handle.synchronize()
    }

    func close() {
        sync()
        try? handle.close()
    }
}
