import Foundation
import Testing
import Binance
import BinanceNet
import FakeBinance
import Live
import SparkCore
@testable import LiveLaunch

/// One live session driven by hand against the fake exchange on loopback, through the real
/// `BinanceGateway` (REST + WebSocket API user stream); the session, the gateway and the fake share
/// one manual clock.
struct FaultRig {
    static let apiKey = "fault-api-key"
    static let secret = "fault-hmac-secret"
    static let config = LiveConfig(
        account: "flt1", symbol: "BTCUSDT", notPlacedMarginMs: 1_000, requeryMs: 1_000, unresolvedLimitMs: 600_000, staleDataMs: 86_400_000
    )

    /// Buys 0.01 at market on the first bar.
    static let buyOnce = """
    strategy = { name = "buy_once", params = {} }
    local n = 0
    function on_bar(ctx, bar)
      n = n + 1
      if n == 1 then ctx:buy{ qty = 0.01 } end
    end
    """

    /// Rests a limit buy of 0.02 at 29,000 on the first bar.
    static let restingBuy = """
    strategy = { name = "resting_buy", params = {} }
    local n = 0
    function on_bar(ctx, bar)
      n = n + 1
      if n == 1 then ctx:buy{ qty = 0.02, limit = 29000 } end
    end
    """

    /// Buys 0.01 at market on every bar.
    static let buyEveryBar = """
    strategy = { name = "buy_every_bar", params = {} }
    function on_bar(ctx, bar) ctx:buy{ qty = 0.01 } end
    """

    let fake: FakeBinanceServer
    let clock: FaultClock
    let transport: WriteAheadTransport
    let gateway: BinanceGateway
    let session: LiveSession
    let journalPath: String
    let instrument: Instrument
    let logs: LogLines
    private let minute = Counter()

    /// Starts the fake (as `fakeConfig` shapes it), runs `before` on it, then starts the session.
    static func start(
        _ strategy: String, config: LiveConfig = FaultRig.config, sink: (any LiveJournalSink)? = nil, journalPath fixedPath: String? = nil,
        fakeConfig: (inout FakeBinanceConfig) -> Void = { _ in }, gatewayConfig: (inout BinanceGatewayConfiguration) -> Void = { _ in },
        before: (FakeBinanceServer) async throws -> Void = { _ in }
    ) async throws -> FaultRig {
        var fakeSettings = FakeBinanceConfig(
            accounts: [FakeAccountConfig(apiKey: apiKey, credential: .hmac(secret: secret), balances: ["USDT": 10_000])],
            clock: .manual(startMs: FaultClock.start), withheldResponseMs: 700
        )
        fakeConfig(&fakeSettings)
        let fake = try await FakeBinanceServer.start(fakeSettings)
        do {
            try await before(fake)
            let directory = NSTemporaryDirectory() + "spark-faults/\(UUID().uuidString.prefix(12))"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let journalPath = fixedPath ?? directory + "/live.jsonl"
            let clock = FaultClock()
            let transport = WriteAheadTransport(journalPath: journalPath)
            var settings = BinanceGatewayConfiguration.loopback(port: fake.port)
            settings.requestTimeout = .seconds(3)
            settings.silenceTimeout = .seconds(3_600)
            settings.streamPingInterval = .milliseconds(400)
            gatewayConfig(&settings)
            let gateway = BinanceGateway(
                configuration: settings, credentials: BinanceCredentials(apiKey: apiKey, signer: RequestSigner(hmacSecret: secret)),
                transport: transport, clock: clock
            )
            let rules = try #require(try await gateway.exchangeInfo(symbols: [config.symbol]).rules(for: config.symbol))
            let instrument = try #require(Instrument(rules: rules))
            let setup = LiveSetup(config: config, strategyPath: "strategies/test.lua", strategySource: strategy, instrument: instrument)
            let logs = LogLines()
            let session = try await LiveSession.start(setup, gateway: gateway, clock: clock, journalPath: journalPath, sink: sink, log: logs.append)
            return FaultRig(
                fake: fake, clock: clock, transport: transport, gateway: gateway, session: session, journalPath: journalPath, instrument: instrument, logs: logs
            )
        } catch {
            await fake.stop()
            throw error
        }
    }

    /// The fake trades at `close`, then the session gets the closed bar.
    func bar(_ close: Double) async {
        let index = await minute.next()
        await fake.setPrice(Decimal(close))
        await session.bar(LiveBar(time: FaultClock.start + index * 60_000, open: close, high: close + 5, low: close - 5, close: close, volume: 1))
    }

    /// Moves the shared clock by `ms` and lets the session's timers run.
    func advance(_ ms: Int64) async {
        clock.advance(ms)
        await fake.advanceClock(ms: ms)
        await session.tick()
    }

    /// Waits (real time, at most `seconds`) until `condition` holds; returns whether it did.
    @discardableResult
    func until(seconds: Double = 1.5, _ condition: (LiveStatus) async -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if await condition(session.status) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return await condition(session.status)
    }

    /// Waits until Spark booked every trade the fake made for Spark's orders.
    func settled() async -> Bool {
        let venue = await sparkTradeKeys()
        // Waits longer than `until`'s default: a reconciliation after a stream gap makes several
        // REST calls, slow when the other loopback suites share the cores.
        return await until(seconds: 5) { $0.bookedTrades == venue }
    }

    /// The fake's trades of Spark-owned orders, as Spark keys them (symbol#id).
    func sparkTradeKeys() async -> Set<String> {
        Set(await fake.state().trades.filter { Self.isSpark($0.clientOrderId) }.map { "\($0.symbol)#\($0.id)" })
    }

    /// The journal's text on disk.
    var journal: String { (try? String(contentsOfFile: journalPath, encoding: .utf8)) ?? "" }

    static func isSpark(_ clientOrderId: String) -> Bool { clientOrderId.hasPrefix(ClientOrderID.prefix + "-") }

    func stop() async {
        await session.finish(reason: "the test ended")
        await fake.stop()
    }

    private actor Counter {
        var value: Int64 = 0
        func next() -> Int64 {
            value += 1
            return value
        }
    }
}
