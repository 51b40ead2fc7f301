import Foundation
import FakeBinance
import MarketFetch

/// The fake exchange (`Sources/FakeBinance`) with closed 1m bars, and the production URLSession
/// transport to it, recording every URL it was asked for.
final class KlineMarket: @unchecked Sendable, HTTPTransport {
    let fake: FakeBinanceServer
    private let transport: URLSessionTransport
    private let lock = NSLock()
    private var _urls: [String] = []

    /// The fake on a manual clock at `now`, with one closed 1m bar a minute from `first` to `last`
    /// (none when `last < first`), listing `symbols`.
    static func start(first: Int64, last: Int64, now: Int64, symbols: [FakeSymbolRules] = [.btcusdt], timeout: Double = 60, withheldMs: Int = 30_000) async throws -> KlineMarket {
        let fake = try await FakeBinanceServer.start(FakeBinanceConfig(symbols: symbols, clock: .manual(startMs: now), withheldResponseMs: withheldMs))
        var time = first
        while time <= last {
            await fake.bar(open: 10, high: 11, low: 9, close: Decimal(string: "10.5")!, openTime: time)
            time += 60_000
        }
        return KlineMarket(fake: fake, timeout: timeout)
    }

    private init(fake: FakeBinanceServer, timeout: Double) {
        self.fake = fake
        transport = URLSessionTransport(timeoutSeconds: timeout)
    }

    var baseURL: String { fake.baseURL }

    /// Every URL requested so far, in order.
    var urls: [String] { lock.withLock { _urls } }

    /// The query of each request, with its path under "path".
    var queries: [[String: String]] {
        urls.map { url in
            let components = URLComponents(string: url)
            var query: [String: String] = ["path": components?.path ?? ""]
            for item in components?.queryItems ?? [] { query[item.name] = item.value }
            return query
        }
    }

    func get(_ url: String) async throws -> HTTPResponse {
        lock.withLock { _urls.append(url) }
        return try await transport.get(url)
    }

    func stop() async { await fake.stop() }
}
