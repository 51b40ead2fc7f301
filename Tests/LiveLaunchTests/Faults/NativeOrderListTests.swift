import Foundation
import Testing
import FakeBinance
import Live

/// Brackets against the fake exchange: a two-leg one (entry and one exit) as one native OTO order
/// list where the symbol allows it, Spark's emulation where it does not; a three-leg one as OTOCO.
@Suite("two-leg brackets on the fake exchange", .serialized)
struct NativeOrderListTests {
    /// Rests a limit buy of 0.02 at 29,000 with a stop-loss at 28,000 on the first bar.
    static let bracket = """
    strategy = { name = "bracket", params = {} }
    local n = 0
    function on_bar(ctx, bar)
      n = n + 1
      if n == 1 then assert(ctx:buy{ qty = 0.02, limit = 29000, stop_loss = 28000 }) end
    end
    """

    private func posts(_ rig: FaultRig) async -> [String] {
        await rig.fake.state().requests.filter { $0.method == "POST" && $0.path.hasPrefix("/api/v3/order") }.map(\.path)
    }

    @Test func aTwoLegBracketGoesOutAsOneNativeOTOListAndItsExitWorksOnceTheEntryFills() async throws {
        let rig = try await FaultRig.start(Self.bracket)
        defer { Task { await rig.stop() } }
        await rig.bar(30_000)
        #expect(await posts(rig) == ["/api/v3/orderList/oto"])
        let pending = await rig.fake.state().orders.first { $0.type == "STOP_LOSS" }
        #expect(pending?.status == "PENDING_NEW", "the exit rests at the exchange, not in Spark: \(String(describing: pending))")
        #expect(await rig.until { $0.orders.count == 2 && $0.orders.values.allSatisfy { $0 == .new } })
        #expect(rig.journal.contains("\"kind\":\"OTO\""))
        await rig.bar(29_000)
        #expect(await rig.until { $0.orders.values.contains(.filled) && $0.venuePosition == 2_000 })
        #expect(await rig.fake.state().orders.first { $0.type == "STOP_LOSS" }?.status == "NEW")
        await rig.bar(27_900)
        #expect(await rig.until { $0.orders.values.allSatisfy { $0 == .filled } && $0.venuePosition == 0 })
        #expect(await posts(rig) == ["/api/v3/orderList/oto"], "the exit was placed by the exchange, never by Spark")
        try await rig.checkInvariants()
    }

    @Test func aThreeLegBracketGoesOutAsOneNativeOTOCOListAndItsTakeProfitEndsTheStop() async throws {
        let bracket = Self.bracket.replacingOccurrences(of: "stop_loss = 28000", with: "stop_loss = 28000, take_profit = 31000")
        let rig = try await FaultRig.start(bracket)
        defer { Task { await rig.stop() } }
        await rig.bar(30_000)
        #expect(await posts(rig) == ["/api/v3/orderList/otoco"])
        #expect(await rig.fake.state().orders.map(\.status) == ["NEW", "PENDING_NEW", "PENDING_NEW"])
        await rig.bar(29_000)
        #expect(await rig.until { $0.venuePosition == 2_000 && $0.orders.values.filter { $0 == .new }.count == 2 })
        await rig.bar(31_000)
        #expect(await rig.until { $0.venuePosition == 0 && $0.orders.values.allSatisfy(\.isTerminal) })
        let states = await rig.session.status.orders.values.map(\.rawValue).sorted()
        #expect(states == ["EXPIRED", "FILLED", "FILLED"], "the take-profit filled and the exchange expired the stop: \(states)")
        #expect(await posts(rig) == ["/api/v3/orderList/otoco"])
        try await rig.checkInvariants()
    }

    @Test func withoutOTOTheExitIsSentBySparkOnceTheEntryHasFilled() async throws {
        let rig = try await FaultRig.start(Self.bracket, fakeConfig: { $0.symbols[0].otoAllowed = false })
        defer { Task { await rig.stop() } }
        await rig.bar(30_000)
        #expect(await posts(rig) == ["/api/v3/order"])
        #expect(await rig.fake.state().orders.count == 1, "the exit waits in Spark")
        await rig.bar(29_000)
        // The exit is NEW once the exchange has answered Spark's request for it.
        #expect(await rig.until { $0.orders.values.contains(.filled) && $0.orders.values.contains(.new) && $0.venuePosition == 2_000 })
        #expect(await posts(rig) == ["/api/v3/order", "/api/v3/order"])
        #expect(await rig.fake.state().orders.last?.type == "STOP_LOSS")
        await rig.bar(27_900)
        #expect(await rig.until { $0.orders.values.allSatisfy { $0 == .filled } && $0.venuePosition == 0 })
        try await rig.checkInvariants()
    }
}
