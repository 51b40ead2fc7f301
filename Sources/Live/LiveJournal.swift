import Foundation

/// The live session's append-only JSON-lines journal: one sequencer writes it, in apply order.
///
/// Intents are fsynced before their request exists; inputs are written before they are applied
/// and fsynced before anything they cause is sent (``LiveMachine``); decisions and notes are
/// written after, without fsync. The first write error is kept: from then on nothing is written, ``failure`` says
/// why, and the venue opens no new order (fail closed).
public final class LiveJournal {
    private let sink: any LiveJournalSink
    /// Where the journal is (for messages).
    public let path: String
    /// The first write error; once set, nothing more is written.
    public private(set) var failure: LiveError?
    private var seq: Int64 = 0
    private var inputPending = false
    private let encoder: JSONEncoder
    /// Every line written, kept when ``keepsLines`` (a replay compares them).
    public private(set) var lines: [LiveRecord] = []
    private let keepsLines: Bool

    /// Starts a journal on `sink` with `header` (written and fsynced).
    public init(path: String, sink: any LiveJournalSink, header: LiveHeader, keepsLines: Bool = false) {
        self.path = path
        self.sink = sink
        self.keepsLines = keepsLines
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var record = LiveRecord(seq: 0, type: .header)
        record.header = header
        _ = append(record, durable: true)
    }

    /// Journals an input before it is applied, fsynced unless `durable` is false (then
    /// ``synchronizeInput()`` or the next fsync makes it durable); false when it could not be written.
    @discardableResult
    public func input(_ input: LiveInput, time: Int64, durable: Bool = true) -> Bool {
        var record = LiveRecord(seq: 0, type: .input, time: time)
        record.input = input
        let written = append(record, durable: durable)
        if written, !durable { inputPending = true }
        return written
    }

    /// Fsyncs an input written without its fsync, unless a later fsync (an intent's) covered it.
    public func synchronizeInput() {
        guard failure == nil, inputPending else { return }
        do {
            try sink.synchronize()
            inputPending = false
        } catch let error as LiveError {
            failure = error
        } catch {
            failure = LiveError(.journal, "fsync failed: \(error)", at: path)
        }
    }

    /// Journals an intent and fsyncs it; false when it is not durable (the request must not be sent).
    public func intent(_ intent: IntentRecord, time: Int64) -> Bool {
        var record = LiveRecord(seq: 0, type: .intent, time: time)
        record.intent = intent
        return append(record, durable: true)
    }

    /// Journals a decision (``DecisionRecord`` JSON).
    public func decision(_ json: String) {
        var record = LiveRecord(seq: 0, type: .decision)
        record.decision = json
        _ = append(record, durable: false)
    }

    /// Journals a note for people and audits.
    public func note(_ text: String, time: Int64) {
        var record = LiveRecord(seq: 0, type: .note, time: time)
        record.note = text
        _ = append(record, durable: false)
    }

    /// Writes the end record.
    public func end(_ reason: String, time: Int64) {
        var record = LiveRecord(seq: 0, type: .end, time: time)
        record.note = reason
        _ = append(record, durable: true)
    }

    private func append(_ record: LiveRecord, durable: Bool) -> Bool {
        guard failure == nil else { return false }
        var record = record
        seq += 1
        record.seq = seq
        if keepsLines { lines.append(record) }
        do {
            var bytes = try record.directLine() ?? [UInt8](encoder.encode(record))
            bytes.append(0x0A)
            try sink.write(bytes)
            if durable {
                try sink.synchronize()
                inputPending = false
            }
            return true
        } catch let error as LiveError {
            failure = error
        } catch {
            failure = LiveError(.journal, "writing failed: \(error)", at: path)
        }
        return false
    }

    /// Reads a journal back, line by line; a torn last line (a crash mid-write) is dropped.
    public static func read(path: String) throws(LiveError) -> [LiveRecord] {
        guard let data = FileManager.default.contents(atPath: path) else { throw LiveError(.journal, "cannot read the journal", at: path) }
        let decoder = JSONDecoder()
        var records: [LiveRecord] = []
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: true)
        for (index, line) in lines.enumerated() {
            do {
                records.append(try decoder.decode(LiveRecord.self, from: Data(line)))
            } catch {
                if index == lines.count - 1, data.last != 0x0A { break }
                throw LiveError(.journal, "line \(index + 1) does not read as a live journal record", at: path)
            }
        }
        guard let header = records.first?.header, header.version == LiveHeader.currentVersion else {
            throw LiveError(.journal, "the first line is not a version-\(LiveHeader.currentVersion) live journal header", at: path)
        }
        return records
    }
}
