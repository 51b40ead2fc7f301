import Engine
import SparkCore

/// A paper journal's inputs in the order the session consumed them: before each bar, the operator
/// actions and policy changes recorded before it.
struct JournalEventSource: EventSource {
    private let contents: JournalContents
    private let path: String
    private var bar = 0
    private var pending: [SessionEvent] = []

    init(_ contents: JournalContents, path: String) {
        self.contents = contents
        self.path = path
        pending = actions(before: 0)
    }

    mutating func next() throws -> SessionEvent? {
        if !pending.isEmpty { return pending.removeFirst() }
        guard bar < contents.bars.count else { return nil }
        let event = SessionEvent.bar(contents.bars[bar].bar)
        bar += 1
        pending = actions(before: bar)
        return event
    }

    private func actions(before bar: Int) -> [SessionEvent] {
        guard bar < contents.bars.count else { return [] }
        return (contents.actions[bar] ?? []).map { action in
            switch action {
            case .control(let control):
                .control(control)
            case .policy(let policyPath, let text, let luaSources, let sha256):
                .policy(.recorded(path: policyPath, text: text, luaSources: luaSources, sha256: sha256, journal: path))
            }
        }
    }
}
