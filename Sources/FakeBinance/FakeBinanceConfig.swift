public import Foundation

/// Everything the fake exchange starts from.
public struct FakeBinanceConfig: Sendable {
    /// Host to bind (loopback).
    public var host: String
    /// Port to bind; 0 picks an ephemeral port.
    public var port: Int
    /// Accounts by API key.
    public var accounts: [FakeAccountConfig]
    /// Symbols and their rules.
    public var symbols: [FakeSymbolRules]
    /// Last price per symbol at start.
    public var prices: [String: Decimal]
    /// The clock the fake reads.
    public var clock: FakeClockMode
    /// Quantity the book offers per price step; nil means unlimited (no partial fills).
    public var liquidityPerStep: Decimal?
    /// Commission rate per fill (0.001 = 0.1%).
    public var commissionRate: Decimal
    /// Commission asset; nil means the symbol's quote asset.
    public var commissionAsset: String?
    /// Rate limits published and enforced.
    public var rateLimits: FakeRateLimits
    /// How long (real milliseconds) a dropped request or response is withheld before the fake gives up on it.
    public var withheldResponseMs: Int
    /// Seed for the ids the fake makes up (foreign orders).
    public var seed: UInt64

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1", port: Int = 0, accounts: [FakeAccountConfig] = [], symbols: [FakeSymbolRules] = [.btcusdt],
        prices: [String: Decimal] = ["BTCUSDT": 30000], clock: FakeClockMode = .system, liquidityPerStep: Decimal? = nil,
        commissionRate: Decimal = Decimal(string: "0.001")!, commissionAsset: String? = nil,
        rateLimits: FakeRateLimits = FakeRateLimits(), withheldResponseMs: Int = 30_000, seed: UInt64 = 1
    ) {
        self.host = host
        self.port = port
        self.accounts = accounts
        self.symbols = symbols
        self.prices = prices
        self.clock = clock
        self.liquidityPerStep = liquidityPerStep
        self.commissionRate = commissionRate
        self.commissionAsset = commissionAsset
        self.rateLimits = rateLimits
        self.withheldResponseMs = withheldResponseMs
        self.seed = seed
    }

    /// One HMAC account with these balances, BTCUSDT at `price`, everything else default.
    public static func hmac(apiKey: String, secret: String, balances: [String: Decimal] = ["BTC": 1, "USDT": 10000], price: Decimal = 30000, clock: FakeClockMode = .system) -> FakeBinanceConfig {
        FakeBinanceConfig(
            accounts: [FakeAccountConfig(apiKey: apiKey, credential: .hmac(secret: secret), balances: balances)], prices: ["BTCUSDT": price], clock: clock
        )
    }
}
