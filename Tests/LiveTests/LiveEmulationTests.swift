import Foundation
import Binance
import Live
import SparkCore
import Testing

@Suite("Live: emulated order types")
struct LiveEmulationTests {
    @Test func aTwoLegBracketSendsItsExitOnlyOnceTheEntryHasFilled() async throws {
        var harness = LiveHarness()
        let bracket = """
        strategy = { name = "oto", params = {} }
        local n = 0
        function on_bar(ctx, bar)
          n = n + 1
          if n == 1 then assert(ctx:buy{ qty = 0.02, limit = 90, stop_loss = 80 }) end
        end
        """
        let session = try await harness.start(bracket)
        await session.bar(harness.bar(100))
        #expect(await harness.gateway.placeCalls.count == 1)
        let entry = try #require(await harness.gateway.placeCalls.first?.clientOrderID)
        let fill = await harness.gateway.match(entry, qty: "0.02", price: "90.00")
        await session.deliver(.execution(fill, eventTime: 1))
        let calls = await harness.gateway.placeCalls
        #expect(calls.count == 2)
        #expect(calls.last?.side == .sell && calls.last?.type == .stopLoss && calls.last?.stopPrice == "80")
        #expect(await session.status.enginePosition == 2_000)
        await harness.checkInvariants(session)
    }

    /// A session on a symbol that allows OTO lists, whose strategy places `order` on its first bar.
    static func firstBarOnOTOSymbol(_ order: String) async throws -> (LiveHarness, LiveSession) {
        var harness = LiveHarness()
        var rules = ScriptedGateway.rules
        rules.otoAllowed = true
        await harness.gateway.set(rules: rules)
        let session = try await harness.start("""
        strategy = { name = "oto", params = {} }
        local n = 0
        function on_bar(ctx, bar)
          n = n + 1
          if n == 1 then assert(ctx:buy\(order)) end
        end
        """)
        await session.bar(harness.bar(100))
        return (harness, session)
    }

    @Test func aTwoLegBracketWithAMarketEntryStaysEmulatedWhereOTOIsAllowed() async throws {
        let (harness, session) = try await Self.firstBarOnOTOSymbol("{ qty = 0.02, stop_loss = 80 }")
        let calls = await harness.gateway.calls
        #expect(!calls.contains { $0.hasPrefix("placeList") }, "Binance's OTO takes only a LIMIT or LIMIT_MAKER working order: \(calls)")
        #expect(await harness.gateway.placeCalls.map(\.type) == [.market, .stopLoss])
        await harness.checkInvariants(session)
    }

    @Test func aTwoLegBracketWithALimitEntryGoesOutAsOneOTOListWhereAllowed() async throws {
        let (harness, session) = try await Self.firstBarOnOTOSymbol("{ qty = 0.02, limit = 90, stop_loss = 80 }")
        #expect(await harness.gateway.calls.contains { $0.hasPrefix("placeList sk1-acct1-0-1-l0") })
        #expect(await harness.gateway.placeCalls.isEmpty)
        #expect(harness.journalLines().contains { $0.contains("\"kind\":\"OTO\"") })
        #expect(await session.status.orders.count == 2)
    }

    @Test func aGoodTillDateOrderIsCancelledBySparkAtItsTimeAndReportedExpired() async throws {
        var harness = LiveHarness()
        let expiry = harness.clock.now() + 90_000
        let gtd = """
        strategy = { name = "gtd", params = {} }
        local n = 0
        function on_bar(ctx, bar)
          n = n + 1
          if n == 1 then assert(ctx:buy{ qty = 0.02, limit = 90, good_till = \(expiry) }) end
        end
        """
        let session = try await harness.start(gtd)
        await session.bar(harness.bar(100))
        let id = try #require(await harness.gateway.placeCalls.first?.clientOrderID)
        #expect(await harness.gateway.placeCalls.first?.timeInForce == .gtc)
        harness.clock.advance(60_000)
        await session.tick()
        #expect(await harness.gateway.cancelCalls.isEmpty)
        harness.clock.advance(60_000)
        await session.tick()
        #expect(await harness.gateway.cancelCalls == [id])
        #expect(await session.status.orders[id] == .expired)
        #expect(harness.journalLines().contains { $0.contains("GTD expiry (emulated)") })
    }
}
