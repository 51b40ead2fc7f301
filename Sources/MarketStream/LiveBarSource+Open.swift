import Foundation
import Logging
public import MarketData
import MarketFetch
import Store

extension LiveBarSource {
    /// The closed bars of `symbol` at `interval` from the exchange at `endpoints`: its combined stream,
    /// holes back-filled from its REST klines, each bar stored (with its receive time) in the bar store
    /// at `databasePath` as it arrives. Paper's and live's feed.
    public static func open(
        endpoints: MarketEndpoints, symbol: String, interval: BarInterval, databasePath: String, log: @escaping @Sendable (String) -> Void
    ) throws -> LiveBarSource {
        LiveBarSource(client: try MarketStreamClient.live(endpoints: endpoints, symbol: symbol, interval: interval, databasePath: databasePath, log: log))
    }
}

extension MarketStreamClient {
    /// A client of the exchange at `endpoints` that stores each closed bar (with its receive time)
    /// in the bar store at `databasePath` before it delivers it; nothing connects until ``run()``.
    public static func live(
        endpoints: MarketEndpoints, symbol: String, interval: BarInterval, databasePath: String, log: @escaping @Sendable (String) -> Void
    ) throws -> MarketStreamClient {
        let directory = (databasePath as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory.isEmpty ? "." : directory, withIntermediateDirectories: true)
        let database = try AppDatabase.open(path: databasePath)
        return MarketStreamClient(
            configuration: MarketStreamConfiguration(streamBase: endpoints.stream, symbol: symbol, interval: interval),
            connector: WebSocketConnector(),
            backfill: RESTKlineBackfill(transport: URLSessionTransport(), baseURL: endpoints.rest) { try await Task.sleep(for: .seconds($0)) },
            recorder: StoreBarRecorder(database: database), clock: SystemStreamClock(), log: log
        )
    }
}
