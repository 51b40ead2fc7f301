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
    public static func run(journal path: String, log: @escaping (String) -> Void = { _ in }) throws -> Outcome {
        let chain = try LiveChain.read(path: path)
        let memory = LiveJournal(path: path, sink: MemoryJournalSink(), header: chain.first, keepsLines: true)
        let machine = try LiveMachine(header: chain.first, journal: memory, gate: nil, log: log)
        for (input, time) in chain.inputs { machine.apply(input, time: time) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func text(_ intent: IntentRecord?) -> String? {
            intent.flatMap { try? encoder.encode($0.decisionShape) }.map { String(decoding: $0, as: UTF8.self) }
        }
        let journaled = (intents: chain.records.compactMap(\.intent).map { text($0) }, decisions: chain.records.compactMap(\.decision))
        let replayed = (intents: memory.lines.compactMap(\.intent).map { text($0) }, decisions: memory.lines.compactMap(\.decision))
        let mismatch = first("intent", journaled.intents, replayed.intents) ?? first("decision", journaled.decisions.map { $0 }, replayed.decisions.map { $0 })
        let journals = chain.records.filter { $0.type == .header }.count
        return Outcome(
            session: chain.first.session, journals: journals, inputs: chain.inputs.count, intents: replayed.intents.count,
            decisions: replayed.decisions.count, firstMismatch: mismatch, ended: chain.ended
        )
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
