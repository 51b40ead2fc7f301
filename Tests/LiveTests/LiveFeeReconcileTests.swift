import Foundation
import Binance
import Live
import SparkCore
import Testing

@Suite("Live: fees in BNB reconcile per asset")
struct LiveFeeReconcileTests {
    @Test func anAccountPayingFeesInBNBReconcilesAcrossFillsAndARestart() async throws {
        var harness = LiveHarness()
        await harness.gateway.set(balance: "BNB", to: Decimal(string: "0.5")!)
        let first = try await harness.start(LiveHarness.restingBuy)
        #expect(await first.status.expectedBalances["BNB"] == "0.5")
        #expect(harness.journalLines().contains { $0.contains("adopted the account: BNB 0.5, BTC 0, USDT 10000") })
        await first.bar(harness.bar(100))
        let id = try #require(await first.status.orders.keys.first)
        for event in 1...2 {
            let report = await harness.gateway.match(id, qty: "0.005", price: "90.00", commission: "0.0001", asset: "BNB")
            await first.deliver(.execution(report, eventTime: Int64(event)))
        }
        await first.deliver(.disconnected(reason: "check balances"))
        var status = await first.status
        #expect(status.killLevel == 0, "\(status.killReason ?? "")")
        #expect(status.expectedBalances["BNB"] == "0.4998")
        await harness.checkInvariants(first)
        await first.finish(reason: "stopped by the operator")
        await harness.gateway.match(id, qty: "0.005", price: "90.00", commission: "0.0001", asset: "BNB")
        let second = try await harness.start(LiveHarness.restingBuy, journal: "live2.jsonl", previous: "live.jsonl")
        status = await second.status
        #expect(status.killLevel == 0 && status.blocked == nil, "\(status.killReason ?? "") \(status.blocked ?? "")")
        #expect(status.expectedBalances["BNB"] == "0.4997" && status.enginePosition == 1_500)
        await harness.gateway.match(id, qty: "0.005", price: "90.00", commission: "0.0001", asset: "BNB")
        await second.deliver(.disconnected(reason: "check balances again"))
        status = await second.status
        #expect(status.killLevel == 0 && status.orders[id] == .filled, "\(status.killReason ?? "")")
        await harness.checkInvariants(second)
    }

    @Test func aFeeInAnAssetNotHeldAtStartIsAdoptedAtTheNextReconciliationThenReconciled() async throws {
        var harness = LiveHarness()
        let session = try await harness.start(LiveHarness.restingBuy)
        #expect(await session.status.expectedBalances["BNB"] == nil)
        await session.bar(harness.bar(100))
        let id = try #require(await session.status.orders.keys.first)
        // BNB arrives from outside the session (a deposit), then pays a fee.
        await harness.gateway.set(balance: "BNB", to: 2)
        let report = await harness.gateway.match(id, qty: "0.01", price: "90.00", commission: "0.0002", asset: "BNB")
        await session.deliver(.execution(report, eventTime: 1))
        await session.deliver(.disconnected(reason: "check balances"))
        var status = await session.status
        #expect(status.killLevel == 0, "no false mismatch: \(status.killReason ?? "")")
        #expect(status.expectedBalances["BNB"] == "1.9998")
        #expect(harness.journalLines().contains { $0.contains("adopted BNB at its first fee") })
        await harness.checkInvariants(session)
        // From here on BNB reconciles like any asset: BNB that moves outside Spark's books is a mismatch.
        await harness.gateway.set(balance: "BNB", to: 3)
        await session.deliver(.disconnected(reason: "check balances again"))
        status = await session.status
        #expect(status.killLevel == 1 && status.killReason?.contains("balance mismatch") == true)
        #expect(harness.journalLines().contains { $0.contains("BNB is 3, Spark's books say 1.9998") })
        await harness.checkInvariants(session, balancesMatch: false)
    }
}
