import Foundation
import Binance
import Live
import SparkCore
import Testing

@Suite("Live: reconciliation")
struct LiveReconcileTests {
    @Test func fillsMadeWhileTheUserStreamWasDownAreCaughtUpByReconciliation() async throws {
        var harness = LiveHarness()
        let session = try await harness.start(LiveHarness.restingBuy)
        await session.bar(harness.bar(100))
        let id = try #require(await session.status.orders.keys.first)
        await harness.gateway.match(id, qty: "0.01", price: "90.00")
        await harness.gateway.match(id, qty: "0.01", price: "90.00")
        await session.deliver(.disconnected(reason: "connection reset"))
        let status = await session.status
        #expect(status.orders[id] == .filled)
        #expect(status.enginePosition == 2_000 && status.venuePosition == 2_000)
        #expect(status.blocked == nil && status.killLevel == 0, "\(status.blocked ?? "") \(status.killReason ?? "")")
        #expect(harness.journalLines().contains { $0.contains("reconciled:") && $0.contains("no discrepancy") })
        await harness.checkInvariants(session)
    }

    @Test func aForeignOrderOnTheTradedSymbolAtStartUpStopsTheSession() async throws {
        var harness = LiveHarness()
        await harness.gateway.foreignOrder()
        let session = try await harness.start(LiveHarness.buyOnce)
        #expect(await session.status.killLevel == 1)
        await session.bar(harness.bar(100))
        #expect(await harness.gateway.placeCalls.isEmpty)
        #expect(harness.journalLines().contains { $0.contains("foreign open orders") })
        await harness.checkInvariants(session)
    }

    @Test func aBalanceMismatchFoundByReconciliationStopsTheSessionWithoutSyntheticOrders() async throws {
        var harness = LiveHarness()
        let session = try await harness.start(LiveHarness.buyOnce)
        await harness.gateway.set(balance: "USDT", to: 25_000)
        await session.deliver(.disconnected(reason: "ping timeout"))
        let status = await session.status
        #expect(status.killLevel == 1)
        #expect(status.killReason?.contains("balance mismatch") == true)
        await session.bar(harness.bar(100))
        #expect(await harness.gateway.placeCalls.isEmpty)
        #expect(status.enginePosition == 0)
        await harness.checkInvariants(session, balancesMatch: false)
    }

    @Test func aRestartAdoptsTheOrdersLeftOpenAndBooksTheFillsMadeWhileSparkWasDown() async throws {
        var harness = LiveHarness()
        let first = try await harness.start(LiveHarness.restingBuy)
        await first.bar(harness.bar(100))
        let id = try #require(await first.status.orders.keys.first)
        await first.finish(reason: "stopped by the operator")
        await harness.gateway.match(id, qty: "0.01", price: "90.00")
        let second = try await harness.start(LiveHarness.restingBuy, journal: "live2.jsonl", previous: "live.jsonl")
        var status = await second.status
        #expect(status.orders[id] == .partiallyFilled)
        #expect(status.enginePosition == 1_000)
        #expect(status.blocked == nil)
        await harness.gateway.match(id, qty: "0.01", price: "90.00")
        await second.deliver(.disconnected(reason: "test"))
        status = await second.status
        #expect(status.orders[id] == .filled && status.enginePosition == 2_000)
        #expect(await harness.gateway.placeCalls.count == 1)
        await harness.checkInvariants(second)
        let replay = try LiveReplay.run(journal: harness.path("live2.jsonl"))
        #expect(replay.journals == 2 && replay.matches, "\(String(describing: replay.firstMismatch))")
    }
}
