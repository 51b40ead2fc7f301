import Crypto
import FakeBinance
import Foundation

/// Keys and a fake configured for tests: one HMAC account and one Ed25519 account, a manual clock.
enum TestKeys {
    static let hmacKey = "hmac-key"
    static let hmacSecret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
    static let edKey = "ed-key"
    static let edPrivate = try! Curve25519.Signing.PrivateKey(rawRepresentation: Data(repeating: 7, count: 32))
    static let startMs: Int64 = 1_699_999_980_000

    static func config(liquidity: Decimal? = nil, limits: FakeRateLimits = FakeRateLimits(), withheldMs: Int = 1500) -> FakeBinanceConfig {
        let balances: [String: Decimal] = ["BTC": 1, "USDT": 10000]
        return FakeBinanceConfig(
            accounts: [
                FakeAccountConfig(apiKey: hmacKey, credential: .hmac(secret: hmacSecret), balances: balances),
                FakeAccountConfig(apiKey: edKey, credential: .ed25519(publicKey: edPrivate.publicKey), balances: balances),
            ],
            clock: .manual(startMs: startMs), liquidityPerStep: liquidity, rateLimits: limits, withheldResponseMs: withheldMs
        )
    }

    static func start(liquidity: Decimal? = nil, limits: FakeRateLimits = FakeRateLimits(), withheldMs: Int = 1500) async throws -> FakeBinanceServer {
        try await FakeBinanceServer.start(config(liquidity: liquidity, limits: limits, withheldMs: withheldMs))
    }
}
