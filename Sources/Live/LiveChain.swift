import Foundation

/// A live journal and the journals it continues (restarts), read oldest first.
struct LiveChain {
    /// The first journal's header: what the session was started with.
    var first: LiveHeader
    /// The newest journal's header.
    var last: LiveHeader
    /// Every input with its journaled time, oldest journal first.
    var inputs: [(input: LiveInput, time: Int64)] = []
    /// Every journal's records, oldest journal first (the replay compares intents and decisions).
    var journals: [[LiveRecord]] = []
    /// Whether the newest journal has an end record.
    var ended = false

    static func read(path: String) throws(LiveError) -> LiveChain {
        var paths = [path]
        var seen: Set<String> = [path]
        var lists: [[LiveRecord]] = []
        while let current = paths.first {
            let records = try LiveJournal.read(path: current)
            lists.insert(records, at: 0)
            paths.removeFirst()
            guard let header = records.first?.header, let previous = header.previous else { continue }
            if let hash = header.previousSHA256, let data = FileManager.default.contents(atPath: previous), Self.sha256(data) != hash {
                throw LiveError(.journal, "the journal this one continues (\(previous)) changed since the restart", at: current)
            }
            guard seen.insert(previous).inserted else { throw LiveError(.journal, "the journal chain loops", at: previous) }
            paths.append(previous)
        }
        var chain = LiveChain(first: lists[0][0].header!, last: lists[lists.count - 1][0].header!)
        chain.journals = lists
        for records in lists {
            chain.inputs += Self.inputs(records)
        }
        chain.ended = lists.last?.last?.type == .end
        return chain
    }

    /// A journal's inputs with their journaled times.
    static func inputs(_ records: [LiveRecord]) -> [(input: LiveInput, time: Int64)] {
        records.compactMap { record in record.input.map { ($0, record.time ?? 0) } }
    }

    static func sha256(_ data: Data) -> String {
        LiveHash.hex(data)
    }
}
