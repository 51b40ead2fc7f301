import Foundation
import Store

/// A backtest's order decisions on disk while the run goes on, so its memory does not grow with them.
///
/// The run id names the bars by content and is known only at the end, so each decision is spooled
/// with a placeholder in its place; ``entries(runID:)`` reads them back in order, one at a time,
/// with the real id, for decisions.jsonl and the store.
final class DecisionSpool {
    /// Twelve characters, like a run id. The run id is the second key of every line, so the first
    /// occurrence is always its place, whatever a record's own fields hold.
    static let placeholder = "@run-pending"
    /// Separates a spooled line's fields; JSON never holds it unescaped.
    private static let separator: Character = "\u{1F}"
    /// Stands for an absent rule or code.
    private static let absent = "\u{1E}"

    let path: String
    private let writer: LineWriter
    private let log: DecisionLog
    /// Order decisions spooled.
    private(set) var count = 0

    /// Spools to `path` (removed by ``remove()``) the lines `log` renders, under a placeholder run id.
    init(path: String, log: DecisionLog) throws(ConfigError) {
        self.path = path
        var log = log
        log.runID = Self.placeholder
        self.log = log
        writer = try LineWriter(path: path)
    }

    /// Spools `record` when it is an order decision.
    func add(_ record: DecisionRecord) {
        guard let entry = log.entry(record) else { return }
        count += 1
        let fields = [String(entry.time), entry.verdict, entry.rule ?? Self.absent, entry.code ?? Self.absent, entry.symbol, entry.recordJSON]
        writer.write(fields.joined(separator: String(Self.separator)))
    }

    /// Ends the spool; throws the first write error.
    func close() throws(ConfigError) { try writer.close() }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// The spooled decisions in order, as the store keeps them, under `runID`.
    func entries(runID: String) throws(ConfigError) -> some Sequence<StoredDecision> {
        let lines = try LineReader(path: path)
        let template = log
        return sequence(state: lines) { lines -> StoredDecision? in
            guard let line = lines.next() else { return nil }
            let fields = line.split(separator: Self.separator, maxSplits: 5, omittingEmptySubsequences: false)
            guard fields.count == 6 else { return nil }
            var json = String(fields[5])
            if let range = json.range(of: Self.placeholder) { json.replaceSubrange(range, with: runID) }
            func optional(_ field: Substring) -> String? { field == Self.absent ? nil : String(field) }
            return StoredDecision(
                time: Int64(fields[0]) ?? 0, mode: template.mode.rawValue, strategy: template.strategy, verdict: String(fields[1]),
                rule: optional(fields[2]), code: optional(fields[3]), symbol: String(fields[4]), policySHA256: template.policyHash,
                paramsSHA256: template.paramsHash, recordJSON: json
            )
        }
    }
}

/// Lines of a file read in blocks, one at a time.
final class LineReader: IteratorProtocol {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false

    init(path: String) throws(ConfigError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ConfigError(.unreadable, "cannot read the decision spool", file: path) }
        self.handle = handle
    }

    deinit { try? handle.close() }

    func next() -> String? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[start..<newline], as: UTF8.self)
                start = newline + 1
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                defer { start = buffer.count }
                return String(decoding: buffer[start...], as: UTF8.self)
            }
            buffer.removeFirst(start)
            start = 0
            let block = (try? handle.read(upToCount: 1 << 16)) ?? nil
            if let block, !block.isEmpty { buffer.append(contentsOf: block) } else { atEnd = true }
        }
    }
}
