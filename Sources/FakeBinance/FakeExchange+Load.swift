extension FakeExchange {
    /// Hands load frames to every market connection subscribed to each frame's stream.
    func sendLoad(_ frames: [(stream: String, text: String)]) {
        for (id, connection) in connections {
            guard case .market(let names) = connection.kind else { continue }
            for frame in frames where names.contains(frame.stream) { send(id, .text(frame.text)) }
        }
    }

    /// How many market connections are subscribed to `stream` (lower case).
    func marketSubscribers(_ stream: String) -> Int {
        connections.values.filter { connection in
            if case .market(let names) = connection.kind { return names.contains(stream) }
            return false
        }.count
    }
}
