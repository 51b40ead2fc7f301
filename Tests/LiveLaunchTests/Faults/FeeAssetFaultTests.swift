import Foundation
import Testing
import FakeBinance
import Live

/// Fees in BNB on the fake exchange: the account's BNB is adopted at the first start and reconciles,
/// with Spark's fee deductions, after a user-stream gap.
@Suite("fees in BNB on the fake exchange", .serialized)
struct FeeAssetFaultTests {
    @Test func feesPaidInBNBReconcileAgainstTheBNBTheAccountHeldAtStart() async throws {
        let rig = try await FaultRig.start(FaultRig.buyEveryBar, fakeConfig: {
            $0.commissionAsset = "BNB"
            $0.accounts[0].balances["BNB"] = 5
        })
        defer { Task { await rig.stop() } }
        #expect(rig.journal.contains("adopted the account: BNB 5, BTC 0, USDT 10000"))
        await rig.bar(30_000)
        await rig.bar(30_000)
        #expect(await rig.settled())
        #expect(await rig.session.status.expectedBalances["BNB"] == "4.4", "two fees of 0.3 BNB")
        await rig.fake.inject([FakeFault(.dropUserStream)])
        await rig.bar(30_000)
        #expect(await rig.until { $0.bookedTrades.count == 3 && $0.blocked == nil })
        #expect(await rig.until { _ in rig.journal.components(separatedBy: "no discrepancy").count == 3 }, "reconciled at start and after the gap, both clean")
        let status = await rig.session.status
        #expect(status.killLevel == 0, "\(status.killReason ?? "")")
        #expect(status.expectedBalances["BNB"] == "4.1")
        try await rig.checkInvariants()
    }
}
