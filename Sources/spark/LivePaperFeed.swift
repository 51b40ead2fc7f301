import Drivers
import Foundation
import Logging
import MarketData
import MarketFetch
import MarketStream
import Store

/// Paper's live feed: the market stream's closed bars, stored as they arrive, up to `--bars`.
actor LivePaperFeed: PaperBarFeed {
    private let source: LiveBarSource
    private let limit: Int?
    private var delivered = 0

    init(source: LiveBarSource, limit: Int?) {
        self.source = source
        self.limit = limit
    }

    /// Connects to `name`'s market stream at `marketURL` (Binance's when nil), back-filling from its
    /// REST klines and storing closed bars (and their receive times) in the bar store at `databasePath`.
    static func start(name: MarketFeedName, interval: String, marketURL: String?, databasePath: String, limit: Int?) throws -> LivePaperFeed {
        let endpoints = try MarketEndpoints.from(marketURL: marketURL)
        let bars = try BarInterval.parse(interval, file: "--interval")
        try FileManager.default.createDirectory(atPath: (databasePath as NSString).deletingLastPathComponent.isEmpty ? "." : (databasePath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let database = try AppDatabase.open(path: databasePath)
        let clock = SystemStreamClock()
        let client = MarketStreamClient(
            configuration: MarketStreamConfiguration(streamBase: endpoints.stream, symbol: name.symbol, interval: bars),
            connector: WebSocketConnector(),
            backfill: RESTKlineBackfill(transport: URLSessionTransport(), baseURL: endpoints.rest) { try await Task.sleep(for: .seconds($0)) },
            recorder: StoreBarRecorder(database: database), clock: clock, log: CLI.warn
        )
        return LivePaperFeed(source: LiveBarSource(client: client), limit: limit)
    }

    func next() async throws -> PaperFeedBar? {
        if let limit, delivered >= limit {
            await source.stop()
            return nil
        }
        guard let received = await source.next() else { return nil }
        delivered += 1
        return PaperFeedBar(bar: received.bar, receivedAt: received.receivedAt)
    }

    /// Ends the feed: the session's pending `next()` returns nil and it closes out cleanly.
    func stop() async {
        await source.stop()
    }
}
