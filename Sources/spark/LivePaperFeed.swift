import Drivers
import Foundation
import MarketData
import MarketStream

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
        let source = try LiveBarSource.open(
            endpoints: try MarketEndpoints.from(marketURL: marketURL), symbol: name.symbol, interval: try BarInterval.parse(interval, file: "--interval"),
            databasePath: databasePath, log: CLI.warn
        )
        return LivePaperFeed(source: source, limit: limit)
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
