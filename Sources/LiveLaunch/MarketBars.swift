public import Live
import MarketData
import MarketStream

/// The live session's bars from the market feed: closed bars, in order, each once.
public struct MarketBars: Live.LiveBarSource {
    let source: MarketStream.LiveBarSource

    /// The feed of the launch's symbol from the exchange in spark.yaml's `live:` (its stream and REST
    /// addresses), stored in the bar store at `databasePath`.
    public init(_ launch: LiveLaunch, databasePath: String, log: @escaping @Sendable (String) -> Void) throws {
        let interval = try BarInterval.parse(launch.request.interval, file: "--interval")
        source = try MarketStream.LiveBarSource.open(
            endpoints: MarketEndpoints(rest: launch.settings.restURL, stream: launch.settings.streamURL), symbol: launch.request.symbol, interval: interval,
            databasePath: databasePath, log: log
        )
    }

    public func next() async throws -> LiveBar? {
        await source.next().map { LiveBar($0.bar) }
    }

    /// Ends the feed: a pending ``next()`` returns nil.
    public func stop() async { await source.stop() }
}
