import Foundation

/// Reads the lines a session appended since the last read.
///
/// It keeps the byte offset of the last complete line: a line being written (no newline yet) is
/// left for the next read, and a line that does not decode is counted and skipped, never fatal.
public struct TelemetryReader: Sendable {
    public let path: String
    public private(set) var offset: UInt64 = 0
    public private(set) var undecodable = 0

    public init(path: String) {
        self.path = path
    }

    /// The complete lines added since the previous call (empty when the file does not exist yet).
    public mutating func next() -> [TelemetryLine] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: offset)) != nil, let data = try? handle.readToEnd(), !data.isEmpty else { return [] }
        guard let lastNewline = data.lastIndex(of: 0x0A) else { return [] }
        let complete = data[data.startIndex...lastNewline]
        offset += UInt64(complete.count)
        let decoder = JSONDecoder()
        var lines: [TelemetryLine] = []
        for slice in complete.split(separator: 0x0A) where !slice.isEmpty {
            if let line = try? decoder.decode(TelemetryLine.self, from: Data(slice)) {
                lines.append(line)
            } else {
                undecodable += 1
            }
        }
        return lines
    }
}

extension TelemetryReader {
    /// The newest complete line of the file, reading only its tail; nil when there is none.
    public static func last(path: String, tailBytes: UInt64 = 65_536) -> TelemetryLine? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd() else { return nil }
        let start = size > tailBytes ? size - tailBytes : 0
        guard (try? handle.seek(toOffset: start)) != nil, let data = try? handle.readToEnd() else { return nil }
        let decoder = JSONDecoder()
        for slice in data.split(separator: 0x0A).reversed() {
            if let line = try? decoder.decode(TelemetryLine.self, from: Data(slice)) { return line }
        }
        return nil
    }
}
