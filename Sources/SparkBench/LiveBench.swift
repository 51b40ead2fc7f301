// The live figures (issue 15, "Benchmarks"): a live session against the fake exchange on loopback,
// fed closed bars on a fixed schedule by a strategy that trades on every bar.
//
// Start and end points (monotonic clock):
// - decision_to_request: just before `LiveSession.bar` is called → just before the order request is
//   handed to URLSession (`TimingTransport`, wrapping the production transport), i.e. everything
//   Spark does before the bytes go to the socket: journal the bar, Lua, engine, intent (fsync,
//   which also makes the bar durable), gateway signing and rate-limit bookkeeping.
// - intent_fsync: the fsync of the intent record (the one fsync before the request goes out).
// - decision_to_request_minus_fsync: decision_to_request less every fsync inside it.
// - ack_to_engine: the HTTP answer back from URLSession → `LiveSession.bar` returns, the placed
//   answer journaled (fsync) and applied (`status` reflects it). The fake pushes the fill's
//   executionReport on the user stream just before the HTTP answer; when it is in the session's
//   inbox by then, it is journaled and applied before `bar` returns, and counted here too.
// The session runs unguarded (no policy): the default policy's order throttle would refuse an
// order on every bar; the guardrail checks are timed by `guardrails.*` on their own.
import Foundation
import Binance
import BinanceNet
import FakeBinance
import Live
import Logging
import SparkCore

enum LiveBench {
    static let apiKey = "bench-api-key"
    static let secret = "bench-hmac-secret"
    static let instrument = Instrument(symbol: "BTCUSDT", quote: "USDT", priceDecimals: 2, tick: 1, quantityDecimals: 5, step: 1, minQuantity: 1)

    /// Buys 0.001 at market on odd bars and sells it on even ones: one order per bar, flat every other bar.
    static let flip = """
    strategy = { name = "bench_flip", params = {} }
    local n = 0
    function on_bar(ctx, bar)
      n = n + 1
      if n % 2 == 1 then ctx:buy{ qty = 0.001 } else ctx:sell{ qty = 0.001 } end
    end
    """

    /// A fake exchange with one HMAC account and limits no benchmark reaches.
    static func fake(liquidityPerStep: Decimal? = nil) async throws -> FakeBinanceServer {
        try await FakeBinanceServer.start(FakeBinanceConfig(
            accounts: [FakeAccountConfig(apiKey: apiKey, credential: .hmac(secret: secret), balances: ["USDT": 1_000_000])],
            symbols: [FakeSymbolRules(maxNumOrders: 1_000)], liquidityPerStep: liquidityPerStep,
            rateLimits: FakeRateLimits(requestWeightPerMinute: 10_000_000, ordersPer10s: 10_000_000, ordersPerDay: 100_000_000)
        ))
    }

    static func gateway(port: Int, transport: any BinanceTransport = URLSessionBinanceTransport()) -> BinanceGateway {
        BinanceGateway(
            configuration: .loopback(port: port), credentials: BinanceCredentials(apiKey: apiKey, signer: RequestSigner(hmacSecret: secret)), transport: transport
        )
    }

    static func setup(_ source: String) -> LiveSetup {
        LiveSetup(config: LiveConfig(account: "bench1", symbol: "BTCUSDT"), strategyPath: "bench/strategy.lua", strategySource: source, instrument: instrument)
    }

    /// A fresh directory for journals on the project's disk (not /tmp, which may be memory).
    static func scratch() throws -> String {
        let directory = FileManager.default.currentDirectoryPath + "/.build/bench-live-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    /// One-minute bars closing at 30,000, the last one closing now.
    static func bars(_ count: Int) -> [LiveBar] {
        let first = (SystemLiveClock().now() / 60_000 - Int64(count)) * 60_000
        return (0..<count).map { LiveBar(time: first + Int64($0) * 60_000, open: 30_000, high: 30_005, low: 29_995, close: 30_000, volume: 1) }
    }

    static func ns(_ value: UInt64) -> Duration { .nanoseconds(Int64(value)) }

    /// Waits until the monotonic clock reaches `due`.
    static func sleep(until due: UInt64) async {
        let now = monotonicNanos()
        if due > now { try? await Task.sleep(for: ns(due - now)) }
    }

    /// swift-log's default handler writes to stdout, which carries only JSON lines here.
    static let logsToStderr: Void = LoggingSystem.bootstrap(StreamLogHandler.standardError)

    /// All the live and market-stream figures, each with its loopback floor.
    static func run() async throws {
        _ = logsToStderr
        try await decisions(count: 400, intervalMs: 12)
        try await ReconcileBench.run(openOrders: 100, fills: 1_000)
        try await MarketLoadBench.run()
        try await StreamsBench.run()
        try await ServeStatusBench.run()
        try await WebPageBench.run()
    }
}
