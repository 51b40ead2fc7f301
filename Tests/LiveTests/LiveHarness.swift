import Foundation
import Audit
import Binance
import Live
import SparkCore
import Testing

/// One live session against a scripted exchange, with a journal in a fresh directory.
struct LiveHarness {
    static let instrument = Instrument(symbol: "BTCUSDT", quote: "USDT", priceDecimals: 2, tick: 1, quantityDecimals: 5, step: 1, minQuantity: 1)
    static let config = LiveConfig(account: "acct1", symbol: "BTCUSDT", notPlacedMarginMs: 1_000, requeryMs: 1_000, unresolvedLimitMs: 30_000)

    /// Buys 0.01 at market on the first bar.
    static let buyOnce = """
    strategy = { name = "buy_once", params = {} }
    local n = 0
    function on_bar(ctx, bar)
      n = n + 1
      if n == 1 then ctx:buy{ qty = 0.01 } end
    end
    """

    /// Places a resting limit buy of 0.02 at 90 on the first bar.
    static let restingBuy = """
    strategy = { name = "resting_buy", params = {} }
    local n = 0
    function on_bar(ctx, bar)
      n = n + 1
      if n == 1 then ctx:buy{ qty = 0.02, limit = 90 } end
    end
    """

    /// Buys 0.01 at market on every bar.
    static let buyEveryBar = """
    strategy = { name = "buy_every_bar", params = {} }
    function on_bar(ctx, bar) ctx:buy{ qty = 0.01 } end
    """

    /// Places a resting limit buy of 0.02 at 90 on every bar.
    static let restingEveryBar = """
    strategy = { name = "resting_every_bar", params = {} }
    function on_bar(ctx, bar) ctx:buy{ qty = 0.02, limit = 90 } end
    """

    let gateway: ScriptedGateway
    let clock: ManualClock
    let directory: String
    var minute: Int64 = 0

    init() {
        clock = ManualClock()
        gateway = ScriptedGateway(clock: clock)
        directory = NSTemporaryDirectory() + "spark-live-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { directory + "/" + name }

    /// Starts a session writing `journal` (a file in the test's directory, unless `sink` stands in).
    func start(
        _ source: String, journal: String = "live.jsonl", config: LiveConfig = LiveHarness.config, sink: (any LiveJournalSink)? = nil, previous: String? = nil,
        audit: AuditLog? = nil
    ) async throws -> LiveSession {
        await gateway.set(journalPath: path(journal))
        let setup = LiveSetup(config: config, strategyPath: "strategies/test.lua", strategySource: source, instrument: Self.instrument)
        return try await LiveSession.start(
            setup, gateway: gateway, clock: clock, journalPath: path(journal), sink: sink, previous: previous.map(path), audit: audit, log: { _ in }
        )
    }

    /// The next one-minute bar closing at `close`.
    mutating func bar(_ close: Double) -> LiveBar {
        minute += 1
        return LiveBar(time: 1_767_225_600_000 + minute * 60_000, open: close, high: close, low: close, close: close, volume: 1)
    }

    /// The journal's lines as text.
    func journalLines(_ name: String = "live.jsonl") -> [String] {
        ((try? String(contentsOfFile: path(name), encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// The invariants every test ends with: at most one venue order per intent, none without a
    /// durable intent before it, Spark's fills equal the venue's by trade id, and every asset Spark
    /// books (base, quote, fee assets) reconciles with the account.
    func checkInvariants(_ session: LiveSession, fillsMatch: Bool = true, balancesMatch: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) async {
        let counts = await gateway.placeCounts()
        #expect(counts.values.allSatisfy { $0 <= 1 }, "an intent was placed twice: \(counts)", sourceLocation: sourceLocation)
        #expect(await gateway.placedWithoutIntent.isEmpty, "a place arrived before its intent was durable", sourceLocation: sourceLocation)
        let status = await session.status
        if fillsMatch {
            let venue = await gateway.sparkTradeIDs()
            #expect(status.bookedTrades == venue, sourceLocation: sourceLocation)
        }
        if balancesMatch {
            let balances = await gateway.balances
            #expect(Set(status.expectedBalances.keys).isSuperset(of: ["BTC", "USDT"]), "\(status.expectedBalances)", sourceLocation: sourceLocation)
            for (asset, expected) in status.expectedBalances {
                let actual = balances[asset, default: 0]
                #expect(Decimal(string: expected) == actual, "\(asset): the account holds \(actual), Spark's books say \(expected)", sourceLocation: sourceLocation)
            }
        }
    }
}
