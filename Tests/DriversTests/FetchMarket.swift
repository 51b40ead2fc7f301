import Foundation
import FakeBinance
import MarketFetch

/// The fake exchange (`Sources/FakeBinance`) serving closed 1m bars up to `last`, reached through the
/// production URLSession transport; records each URL and can have the fake ban the `banAt`-th request.
final class FetchMarket: @unchecked Sendable, HTTPTransport {
    let fake: FakeBinanceServer
    let banAt: Int?
    private let transport = URLSessionTransport(timeoutSeconds: 10)
    private let lock = NSLock()
    private var _urls: [String] = []
    var urls: [String] { lock.withLock { _urls } }

    static func start(from first: Int64, last: Int64, banAt: Int? = nil) async throws -> FetchMarket {
        let fake = try await FakeBinanceServer.start(FakeBinanceConfig(clock: .manual(startMs: last + 365 * 86_400_000)))
        var time = first
        while time <= last {
            await fake.bar(open: 10, high: 11, low: 9, close: Decimal(string: "10.5")!, openTime: time)
            time += 60_000
        }
        return FetchMarket(fake: fake, banAt: banAt)
    }

    private init(fake: FakeBinanceServer, banAt: Int?) {
        self.fake = fake
        self.banAt = banAt
    }

    var baseURL: String { fake.baseURL }

    func get(_ url: String) async throws -> HTTPResponse {
        let number = lock.withLock {
            _urls.append(url)
            return _urls.count
        }
        if number == banAt { await fake.inject([FakeFault(.ban, seconds: 60)]) }
        return try await transport.get(url)
    }

    func stop() async { await fake.stop() }
}
