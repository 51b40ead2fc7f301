extension MarketStreamClient {
    /// A frame: the connection is alive; a rolling connection's first frame retires the old one.
    func frame(_ id: Int, text: String, receivedAt: Int64) async {
        if var connection = connections[id] {
            if !connection.delivered { failures = 0 }
            connection.lastFrameAt = receivedAt
            connection.delivered = true
            connections[id] = connection
            if id == pending {
                retire(active)
                (active, pending) = (id, nil)
                counters.rolls += 1
            }
        }
        // Frames of a retired connection still queued are processed too: dedup drops what the new
        // one also delivered, and nothing only the old one saw is lost.
        counters.messages += 1
        let event: MarketEvent
        do {
            event = try MarketFrameParser.parse(text, receivedAt: receivedAt)
        } catch {
            counters.malformed += 1
            log("market stream: skipped a frame: \(error)")
            return
        }
        if let lag = event.ingestLag { counters.lastIngestLagMs = lag }
        await process(event)
    }

    func closed(_ id: Int, reason: String?) {
        guard connections.removeValue(forKey: id) != nil else { return }
        lost(id, reason: reason)
    }

    /// After connection `id` (already removed) ended: promote a rolling one, or schedule a reconnect.
    func lost(_ id: Int, reason: String?) {
        let why = reason.map { ": \($0)" } ?? ""
        if id == pending {
            pending = nil
            log("market stream: the new connection closed before delivering\(why); the roll is retried")
            return
        }
        guard id == active else { return }
        active = nil
        if let next = pending {
            (active, pending) = (next, nil)
            counters.rolls += 1
            return
        }
        failures += 1
        let wait = configuration.backoff.delay(attempt: failures)
        reconnectAt = clock.now() + wait
        log("market stream: connection lost\(why); reconnecting in \(wait) ms (attempt \(failures))")
    }

    /// The timers: silence, the connection's age, and a due reconnect.
    func tick() {
        let now = clock.now()
        if let id = active, let connection = connections[id], now - connection.lastFrameAt >= configuration.silenceTimeoutMs {
            log("market stream: no frame for \(now - connection.lastFrameAt) ms; treating the connection as lost")
            retire(id)
            lost(id, reason: "silent")
        }
        if let id = pending, let connection = connections[id], !connection.delivered, now - connection.openedAt >= configuration.silenceTimeoutMs {
            retire(id)
            pending = nil
        }
        if let id = active, pending == nil, let connection = connections[id], now - connection.openedAt >= configuration.rollAfterMs {
            log("market stream: connection is \(now - connection.openedAt) ms old; rolling to a new one")
            pending = open()
        }
        if active == nil, pending == nil, let due = reconnectAt, now >= due {
            reconnectAt = nil
            counters.reconnects += 1
            active = open()
        }
    }

    /// Opens the next connection beside the current one (on `serverShutdown`), unless one is opening.
    func roll() {
        guard pending == nil, active != nil else { return }
        pending = open()
    }

    func retire(_ id: Int?) {
        guard let id, let connection = connections.removeValue(forKey: id) else { return }
        connection.task.cancel()
    }

}
