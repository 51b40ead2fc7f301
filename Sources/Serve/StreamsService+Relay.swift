import Foundation
import MarketStream

extension StreamsService {
    /// Frames of the named streams (Binance's lower-cased names) from now on, for one relay client.
    func subscribeRelay(streams: Set<String>) -> (UUID, AsyncStream<String>) {
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(10_000))
        let id = UUID()
        relays[id] = (streams, continuation)
        environment.metrics.gauge(.subscribers).set(to: Double(subscriberCount))
        return (id, stream)
    }

    func unsubscribeRelay(_ id: UUID) {
        relays.removeValue(forKey: id)?.1.finish()
        environment.metrics.gauge(.subscribers).set(to: Double(subscriberCount))
    }

    /// Passes one upstream event to the relay clients that asked for its stream.
    func relay(_ event: MarketEvent) {
        guard !relays.isEmpty, let text = MarketRelayFrame.text(event) else { return }
        let name = event.stream.lowercased()
        for (streams, continuation) in relays.values where streams.contains(name) { continuation.yield(text) }
    }

    /// Whether the service keeps a feed of `symbol`.
    func serves(_ symbol: String) -> Bool { clients[symbol.uppercased()] != nil }

    /// Stored bars for `GET /api/v3/klines`: what a relay client back-fills from.
    func klines(symbol: String, interval: String, start: Int64?, end: Int64?, limit: Int) throws -> [StoredBarRow] {
        let database = try storeReader()
        return try database.bars(symbol: symbol, interval: interval, after: start.map { $0 - 1 }, to: end, limit: limit).map {
            StoredBarRow(time: $0.time, open: $0.open, high: $0.high, low: $0.low, close: $0.close, volume: $0.volume)
        }
    }
}

/// One stored bar for the relay's REST klines.
struct StoredBarRow: Sendable {
    var time: Int64
    var open: Double
    var high: Double
    var low: Double
    var close: Double
    var volume: Double
}
