import Foundation
import Binance
import Live
import Testing

@Suite("Live: percent-price and open-order filters are checked before sending")
struct LiveFilterTests {
    /// Starts a session whose symbol has `change` applied to its rules, and runs `bars` bars closing at 100.
    private func run(_ source: String, bars: Int = 1, rules change: (inout SymbolRules) -> Void) async throws -> LiveHarness {
        var harness = LiveHarness()
        var rules = ScriptedGateway.rules
        change(&rules)
        await harness.gateway.set(rules: rules)
        let session = try await harness.start(source)
        for _ in 0..<bars { await session.bar(harness.bar(100)) }
        await harness.checkInvariants(session)
        return harness
    }

    private func denial(_ harness: LiveHarness) -> String? {
        harness.journalLines().first { $0.contains("DENIED") }
    }

    @Test func aBuyBelowTheBidSideOfPercentPriceBySideIsDeniedWithTheFilterTheValueAndTheBound() async throws {
        let source = LiveHarness.restingBuy.replacingOccurrences(of: "limit = 90", with: "limit = 85")
        let harness = try await run(source) {
            $0.percentPrice = PercentPriceBySide(bidMultiplierUp: "1.1", bidMultiplierDown: "0.9", askMultiplierUp: "1.2", askMultiplierDown: "0.8")
        }
        #expect(await harness.gateway.placeCalls.isEmpty)
        let line = try #require(denial(harness))
        #expect(line.contains("price 85 is below 90"), "\(line)")
        #expect(line.contains("0.9 × the reference price 100 (PERCENT_PRICE_BY_SIDE bidMultiplierDown)"), "\(line)")
    }

    @Test func aBuyInsidePercentPriceBySideGoesOut() async throws {
        let harness = try await run(LiveHarness.restingBuy) {
            $0.percentPrice = PercentPriceBySide(bidMultiplierUp: "1.1", bidMultiplierDown: "0.9", askMultiplierUp: "1.2", askMultiplierDown: "0.8")
        }
        #expect(await harness.gateway.placeCalls.count == 1)
        #expect(denial(harness) == nil)
    }

    @Test func aBuyAboveTheOlderPercentPriceFilterIsDeniedNamingIt() async throws {
        let source = LiveHarness.restingBuy.replacingOccurrences(of: "limit = 90", with: "limit = 125")
        let harness = try await run(source) {
            $0.percentPrice = PercentPriceBySide(bidMultiplierUp: "1.2", bidMultiplierDown: "0.8", askMultiplierUp: "1.2", askMultiplierDown: "0.8", filterType: "PERCENT_PRICE")
        }
        #expect(await harness.gateway.placeCalls.isEmpty)
        let line = try #require(denial(harness))
        #expect(line.contains("price 125 is above 120") && line.contains("(PERCENT_PRICE multiplierUp)"), "\(line)")
    }

    @Test func anOrderBeyondMaxNumOrdersIsDeniedWithTheCountAndTheMaximum() async throws {
        let harness = try await run(LiveHarness.restingEveryBar, bars: 3) { $0.maxNumOrders = 2 }
        #expect(await harness.gateway.placeCalls.count == 2)
        let line = try #require(denial(harness))
        #expect(line.contains("2 order(s) already open on BTCUSDT: one more is above the maximum 2 (MAX_NUM_ORDERS)"), "\(line)")
    }

    @Test func aStopOrderBeyondMaxNumAlgoOrdersIsDeniedWhileAPlainLimitStillGoesOut() async throws {
        let source = """
        strategy = { name = "stops", params = {} }
        local n = 0
        function on_bar(ctx, bar)
          n = n + 1
          if n <= 2 then ctx:buy{ qty = 0.01, stop = 110 } else ctx:buy{ qty = 0.02, limit = 90 } end
        end
        """
        let harness = try await run(source, bars: 3) { $0.maxNumAlgoOrders = 1 }
        let placed = await harness.gateway.placeCalls.map(\.type)
        #expect(placed.count == 2 && placed.filter(\.isAlgo).count == 1 && placed.contains(.limit), "\(placed)")
        let line = try #require(denial(harness))
        #expect(line.contains("1 stop or take-profit order(s) already open on BTCUSDT: one more is above the maximum 1 (MAX_NUM_ALGO_ORDERS)"), "\(line)")
    }
}
