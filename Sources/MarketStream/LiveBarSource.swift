/// Paper's bar source on the live feed: closed bars only, in order, each once, back-filled bars
/// before the live bar that revealed their hole. Starts the client's ``MarketStreamClient/run()``.
public actor LiveBarSource {
    private let client: MarketStreamClient
    private var iterator: AsyncStream<MarketEvent>.Iterator
    private let runner: Task<Void, Never>

    /// Starts `client` and reads its events.
    public init(client: MarketStreamClient) {
        self.client = client
        iterator = client.events.makeAsyncIterator()
        runner = Task { await client.run() }
    }

    /// The next closed bar; nil once the client stopped.
    public func next() async -> ReceivedBar? {
        var events = iterator
        defer { iterator = events }
        while let event = await events.next(isolation: #isolation) {
            guard case .kline(let kline) = event.payload, kline.isClosed else { continue }
            return ReceivedBar(
                symbol: kline.symbol, interval: kline.interval, bar: kline.bar, eventTime: event.eventTime, receivedAt: event.receivedAt, origin: event.origin
            )
        }
        return nil
    }

    /// Stops the client; ``next()`` then returns nil.
    public func stop() async {
        await client.stop()
    }

    /// The client's figures so far.
    public func counters() async -> MarketStreamCounters {
        await client.counters
    }
}
