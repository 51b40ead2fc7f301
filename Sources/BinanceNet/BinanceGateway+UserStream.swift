public import Binance

extension BinanceGateway {
    /// Connects to the WebSocket API and subscribes to user data; returns once `.subscribed` is in the
    /// stream, or throws why the subscription did not come up.
    public func userEvents() async throws(GatewayError) -> AsyncStream<UserStreamEvent> {
        if !clockSync.isSynced { try await syncClock() }
        let handshake = UserStreamHandshake.requests(credentials: credentials, timestamp: exchangeNowMs(), recvWindow: configuration.recvWindow)
        let (events, eventsContinuation) = AsyncStream.makeStream(of: UserStreamEvent.self)
        let (setup, setupContinuation) = AsyncStream.makeStream(of: GatewayError?.self)
        let connection = UserStreamConnection(events: eventsContinuation, setup: setupContinuation, clock: clock, configuration: configuration)
        let task = Task { await connection.run(handshake: handshake) }
        eventsContinuation.onTermination = { _ in task.cancel() }
        // One value for the wait and its message, so the error always names the limit that ended it.
        let limit = configuration.requestTimeout * 2
        // The WebSocket upgrade itself can hang, before the connection's own watchdog runs.
        let outcome: GatewayError? = await withTaskGroup(of: GatewayError?.self) { group in
            group.addTask {
                for await result in setup { return result }
                return GatewayError(.unreachable, message: "the user stream ended before it came up")
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return GatewayError(.unreachable, message: "the user stream did not come up within \(limit)")
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        if let outcome {
            task.cancel()
            throw outcome
        }
        return events
    }
}
