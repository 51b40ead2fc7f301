import Foundation

/// Replays a live journal (and the journals it continues) through the kernel with a venue that
/// plays the journaled exchange answers back, and checks that it decides the same: the same
/// intents (client ids and orders, request times aside) and the same decisions, in order.
public enum LiveReplay {
    /// What a replay found.
    public struct Outcome: Sendable, Equatable {
        public var session: String
        /// Journals in the chain (1 without restarts).
        public var journals: Int
        public var inputs: Int
        public var intents: Int
        public var decisions: Int
        /// The first difference: (what, journal, replay); nil when everything matched.
        public var firstMismatch: Mismatch?
        public var ended: Bool

        /// Whether every intent and decision matched.
        public var matches: Bool { firstMismatch == nil }
    }

    /// One difference between the journal and its replay.
    public struct Mismatch: Sendable, Equatable {
        public var what: String
        public var index: Int
        public var journal: String?
        public var replay: String?
    }

    /// Replays the journal at `journal`; `spark replay` calls this for live journals.
    ///
    /// A journal that a crash cut short (no end record) may lack what its last input caused (the
    /// crash fell before the intent's fsync, or before the decisions were written): what the replay
    /// produces beyond what such a journal holds is not compared.
    public static func run(journal path: String, log: @escaping (String) -> Void = { _ in }) throws -> Outcome {
        let chain = try LiveChain.read(path: path)
        let memory = LiveJournal(path: path, sink: MemoryJournalSink(), header: chain.first, keepsLines: true)
        let machine = try LiveMachine(header: chain.first, journal: memory, gate: nil, log: log)
        var journaled = (intents: [String?](), decisions: [String?]())
        var replayed = (intents: [String?](), decisions: [String?]())
        for records in chain.journals {
            let before = memory.lines.count
            for (input, time) in LiveChain.inputs(records) { machine.apply(input, time: time) }
            let lines = memory.lines[before...]
            let cut = records.last?.type != .end
            let written = (intents: records.compactMap(\.intent).map(text), decisions: records.compactMap(\.decision).map { Optional($0) })
            let produced = (intents: lines.compactMap(\.intent).map(text), decisions: lines.compactMap(\.decision).map { Optional($0) })
            journaled.intents += written.intents
            journaled.decisions += written.decisions
            replayed.intents += cut ? Array(produced.intents.prefix(written.intents.count)) : produced.intents
            replayed.decisions += cut ? Array(produced.decisions.prefix(written.decisions.count)) : produced.decisions
        }
        let mismatch = first("intent", journaled.intents, replayed.intents) ?? first("decision", journaled.decisions, replayed.decisions)
        return Outcome(
            session: chain.first.session, journals: chain.journals.count, inputs: chain.inputs.count, intents: replayed.intents.count,
            decisions: replayed.decisions.count, firstMismatch: mismatch, ended: chain.ended
        )
    }

    /// An intent as compared: request times aside, keys sorted.
    private static func text(_ intent: IntentRecord) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(intent.decisionShape)).map { String(decoding: $0, as: UTF8.self) }
    }

    private static func first(_ what: String, _ journal: [String?], _ replay: [String?]) -> Mismatch? {
        for index in 0..<max(journal.count, replay.count) {
            let expected = index < journal.count ? journal[index] : nil
            let actual = index < replay.count ? replay[index] : nil
            if expected != actual { return Mismatch(what: what, index: index, journal: expected ?? nil, replay: actual ?? nil) }
        }
        return nil
    }
}
