import Foundation

extension FakeExchange {
    static let pingIntervalMs: Int64 = 20_000
    static let connectionLifetimeMs: Int64 = 86_400_000

    /// Registers a WebSocket connection; its frames come out of the returned stream.
    func openConnection(_ kind: FakeConnection.Kind) -> (Int, AsyncStream<FakeOutbound>) {
        let (stream, continuation) = AsyncStream<FakeOutbound>.makeStream()
        let id = nextConnectionId
        nextConnectionId += 1
        let now = nowMs()
        connections[id] = FakeConnection(kind: kind, continuation: continuation, openedAtMs: now, lastPingMs: now)
        return (id, stream)
    }

    /// Closes a connection: a close frame, then the end of its stream.
    func closeConnection(_ id: Int) {
        guard let connection = connections.removeValue(forKey: id) else { return }
        connection.continuation.yield(.close)
        connection.continuation.finish()
    }

    /// Whether a connection has been silenced (it then stops reading too).
    func isSilent(_ id: Int) -> Bool { connections[id]?.silent ?? true }

    /// Pings every 20 s of the fake clock; closes connections 24 h after they opened.
    func tick() {
        let now = nowMs()
        for (id, connection) in connections {
            if now - connection.openedAtMs >= Self.connectionLifetimeMs {
                closeConnection(id)
            } else if now - connection.lastPingMs >= Self.pingIntervalMs {
                connections[id]?.lastPingMs = now
                send(id, .ping)
            }
        }
    }

    /// `silent_stream`: every open connection stops sending and reading.
    func silenceConnections() {
        for id in connections.keys { connections[id]?.silent = true }
    }

    /// `server_shutdown`: announce, then close every connection.
    func announceShutdown() {
        let now = nowMs()
        for (id, connection) in connections {
            switch connection.kind {
            case .market:
                send(id, .text(FakeJSON.string(["e": "serverShutdown", "E": now])))
            case .api:
                let event: [String: Any] = ["e": "eventStreamTerminated", "E": now]
                send(id, .text(FakeJSON.string(["subscriptionId": 0, "event": event])))
            }
            closeConnection(id)
        }
    }

    /// Closes everything (server stop).
    func closeAll() {
        for id in connections.keys { closeConnection(id) }
    }

    /// Marks a WebSocket API connection as logged on / subscribed.
    func setSession(_ id: Int, loggedOn: String? = nil, subscribed: String? = nil) {
        if let loggedOn { connections[id]?.loggedOnKey = loggedOn }
        if let subscribed { connections[id]?.subscribedKey = subscribed }
    }

    /// The API key a WebSocket API connection logged on with.
    func loggedOnKey(_ id: Int) -> String? { connections[id]?.loggedOnKey }

    /// Sends a text answer on a connection.
    func reply(_ id: Int, _ text: String) { send(id, .text(text)) }
}
