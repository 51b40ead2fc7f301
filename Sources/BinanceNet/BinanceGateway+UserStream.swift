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
        var outcome: GatewayError? = GatewayError(.unreachable, message: "the user stream ended before it came up")
        for await result in setup {
            outcome = result
            break
        }
        if let outcome {
            task.cancel()
            throw outcome
        }
        return events
    }
}
