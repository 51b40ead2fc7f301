import Foundation
import Testing
import BinanceNet
import FakeBinance
import Live

/// Faults 1–4 of LIVE.md through the real gateway: an order whose outcome is unknown is resolved by
/// query, never sent twice, and ends placed (booked once) or NOT_PLACED.
@Suite("unknown outcomes on the fake exchange", .serialized)
struct UnknownOutcomeFaultTests {
    /// Short enough to keep the suite fast, long enough that start-up calls on a busy machine make it
    /// (0.9 s did not, with the other loopback suites running beside this one); the withheld and
    /// delayed answers come 1 s after it.
    static func shortTimeout(_ settings: inout BinanceGatewayConfiguration) { settings.requestTimeout = .milliseconds(2_000) }

    /// Sends one market buy under `fault` and resolves it; returns the rig and the order's end state.
    static func buyUnder(_ fault: FakeFault) async throws -> (FaultRig, LiveOrderState?) {
        let rig = try await FaultRig.start(FaultRig.buyOnce, fakeConfig: { $0.withheldResponseMs = 3_000 }, gatewayConfig: shortTimeout)
        await rig.fake.inject([fault])
        await rig.bar(30_000)
        let resolved = await rig.advanceUntilTerminal(seconds: 30)
        let orders = await rig.session.status.orders
        #expect(resolved, "the order stayed unresolved: \(orders)")
        return (rig, await rig.onlyOrder()?.state)
    }

    @Test func aResponseLostAfterThePlaceIsResolvedByQueryAndTheFillIsBookedOnce() async throws {
        let (rig, state) = try await Self.buyUnder(FakeFault(.dropResponseAfterPlace))
        defer { Task { await rig.stop() } }
        #expect(state == .filled)
        #expect(await rig.newOrderRequests().count == 1, "never resubmitted")
        #expect(await rig.fake.state().trades.count == 1)
        try await rig.checkInvariants()
    }

    @Test func aRequestLostBeforeProcessingEndsNotPlacedAndIsNeverResent() async throws {
        let (rig, state) = try await Self.buyUnder(FakeFault(.dropRequest))
        defer { Task { await rig.stop() } }
        #expect(state == .notPlaced)
        #expect(await rig.newOrderRequests().count == 1, "never resubmitted")
        #expect(await rig.fake.state().orders.isEmpty)
        #expect(await rig.session.status.venuePosition == 0)
        try await rig.checkInvariants()
    }

    @Test func aResponseArrivingAfterTheClientTimedOutIsNotBookedTwice() async throws {
        let (rig, state) = try await Self.buyUnder(FakeFault(.delayResponse, ms: 3_000))
        defer { Task { await rig.stop() } }
        // The query resolved it; now let the late answer arrive (3 s after the send) before counting.
        try await Task.sleep(for: .milliseconds(1_500))
        #expect(state == .filled)
        #expect(await rig.newOrderRequests().count == 1)
        #expect(await rig.session.status.bookedTrades.count == 1)
        try await rig.checkInvariants()
    }

    static let serverErrors: [(FakeFault, Bool)] = [
        (FakeFault(.status5xx, placed: true), true), (FakeFault(.status5xx, placed: false), false),
        (FakeFault(.errorCode, placed: true, code: -1006), true), (FakeFault(.errorCode, placed: false, code: -1006), false),
        (FakeFault(.errorCode, placed: true, code: -1007), true), (FakeFault(.errorCode, placed: false, code: -1007), false),
    ]

    @Test(arguments: 0..<6)
    func a5xxOrMinus1006OrMinus1007EndsFilledWhenPlacedAndNotPlacedWhenNot(_ index: Int) async throws {
        let (fault, placed) = Self.serverErrors[index]
        let (rig, state) = try await Self.buyUnder(fault)
        defer { Task { await rig.stop() } }
        #expect(state == (placed ? .filled : .notPlaced), "\(fault.kind) \(fault.code) placed=\(placed)")
        #expect(await rig.newOrderRequests().count == 1, "never resubmitted")
        #expect(await rig.fake.state().orders.count == (placed ? 1 : 0))
        try await rig.checkInvariants()
    }
}
