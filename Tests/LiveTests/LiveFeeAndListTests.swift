import Foundation
import Binance
import Live
import SparkCore
import Testing

@Suite("Live: fees, order lists and the run loop")
struct LiveFeeAndListTests {
    @Test func aBaseAssetFeeReducesTheQuantityReceivedAndABNBFeeIsRecordedNotCharged() async throws {
        var harness = LiveHarness()
        await harness.gateway.set(balance: "BNB", to: 1)
        let session = try await harness.start(LiveHarness.restingBuy)
        await session.bar(harness.bar(100))
        let id = try #require(await session.status.orders.keys.first)
        let base = await harness.gateway.match(id, qty: "0.01", price: "90.00", commission: "0.00001", asset: "BTC")
        await session.deliver(.execution(base, eventTime: 1))
        #expect(await session.status.enginePosition == 999)
        let bnb = await harness.gateway.match(id, qty: "0.01", price: "90.00", commission: "0.0003", asset: "BNB")
        await session.deliver(.execution(bnb, eventTime: 2))
        let status = await session.status
        #expect(status.enginePosition == 1_999 && status.orders[id] == .filled)
        #expect(status.otherFees["BNB"] == "0.0003")
        await session.deliver(.disconnected(reason: "check balances"))
        let after = await session.status
        #expect(after.killLevel == 0, "balances reconcile per asset: \(after.killReason ?? "")")
        await harness.checkInvariants(session)
    }

    @Test func aThreeLegBracketGoesOutAsOneNativeOTOCOList() async throws {
        var harness = LiveHarness()
        let bracket = """
        strategy = { name = "bracket", params = {} }
        local n = 0
        function on_bar(ctx, bar)
          n = n + 1
          if n == 1 then assert(ctx:buy{ qty = 0.02, limit = 90, take_profit = 110, stop_loss = 80 }) end
        end
        """
        let session = try await harness.start(bracket)
        await session.bar(harness.bar(100))
        let calls = await harness.gateway.calls
        #expect(calls.contains { $0.hasPrefix("placeList sk1-acct1-0-1-l0") }, "\(calls)")
        #expect(await harness.gateway.placeCalls.isEmpty)
        #expect(await session.status.orders.count == 3)
        #expect(harness.journalLines().contains { $0.contains("\"action\":\"place_list\"") && $0.contains("\"kind\":\"OTOCO\"") })
    }

    @Test func runConsumesTheFeedThroughTheSequencerAndEndsTheJournal() async throws {
        var harness = LiveHarness()
        let bars = [harness.bar(100), harness.bar(101), harness.bar(102)]
        let session = try await harness.start(LiveHarness.buyEveryBar)
        let status = try await session.run(bars: ListBarSource(bars))
        #expect(status.enginePosition == 3_000)
        #expect(harness.journalLines().last?.contains("\"type\":\"end\"") == true)
        #expect(try LiveReplay.run(journal: harness.path("live.jsonl")).matches)
        await harness.checkInvariants(session)
    }
}
