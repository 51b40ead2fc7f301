import Foundation
import FakeBinance
import MarketFetch

/// The fake exchange (`Sources/FakeBinance`) serving closed 1m bars up to `last`, reached through the
/// production URLSession transport; records each URL and can have the fake ban the first request for
/// a page starting at or after `banFrom` (by page, not by count: a retried request does not move it).
final class FetchMarket: @unchecked Sendable, HTTPTransport {
    let fake: FakeBinanceServer
    let banFrom: Int64?
    private let transport = URLSessionTransport(timeoutSeconds: 60)
    private let lock = NSLock()
    private var _urls: [String] = []
    var urls: [String] { lock.withLock { _urls } }

    static func start(from first: Int64, last: Int64, banFrom: Int64? = nil) async throws -> FetchMarket {
        let fake = try await FakeBinanceServer.start(FakeBinanceConfig(clock: .manual(startMs: last + 365 * 86_400_000)))
        var time = first
        while time <= last {
            await fake.bar(open: 10, high: 11, low: 9, close: Decimal(string: "10.5")!, openTime: time)
            time += 60_000
        }
        return FetchMarket(fake: fake, banFrom: banFrom)
    }

    private init(fake: FakeBinanceServer, banFrom: Int64?) {
        self.fake = fake
        self.banFrom = banFrom
    }

    var baseURL: String { fake.baseURL }

    func get(_ url: String) async throws -> HTTPResponse {
        let limit = banFrom ?? .max
        let ban = lock.withLock {
            let banned = _urls.contains { Self.startTime($0) >= limit }
            _urls.append(url)
            return !banned && Self.startTime(url) >= limit
        }
        if ban { await fake.inject([FakeFault(.ban, seconds: 60)]) }
        return try await transport.get(url)
    }

    private static func startTime(_ url: String) -> Int64 {
        URLComponents(string: url)?.queryItems?.first { $0.name == "startTime" }?.value.flatMap { Int64($0) } ?? 0
    }

    func stop() async { await fake.stop() }
}
