import Foundation
import Testing
import BinanceNet
import FakeBinance
import Live

/// Faults 5–9 of LIVE.md: duplicated and reordered user-stream events, and a user stream that goes
/// down, goes silent, is shut down or reaches its 24 h limit while Spark's orders fill.
@Suite("user-stream faults on the fake exchange", .serialized)
struct UserStreamFaultTests {
    static func partials(_ settings: inout FakeBinanceConfig) { settings.liquidityPerStep = Decimal(string: "0.005")! }

    /// Walks the price down from 29,000 a step at a time until the resting buy is filled.
    static func fillResting(_ rig: FaultRig, steps: Int = 5) async {
        for step in 0..<steps {
            await rig.fake.setPrice(Decimal(29_000 - step * 10))
        }
    }

    @Test func theSameFillOnTheStreamAndInTheRESTAnswerIsBookedOnce() async throws {
        let rig = try await FaultRig.start(FaultRig.buyOnce)
        defer { Task { await rig.stop() } }
        await rig.fake.inject([FakeFault(.duplicateFill)])
        await rig.bar(30_000)
        #expect(await rig.settled())
        await rig.advance(1_000)
        let status = await rig.session.status
        #expect(status.bookedTrades.count == 1)
        #expect(status.duplicateTrades >= 1, "the duplicate was seen and dropped")
        #expect(status.venuePosition == 1_000, "0.01 BTC once, not twice")
        try await rig.checkInvariants()
    }

    @Test func theSameFillTwiceInMyTradesAfterTheStreamDroppedIsBookedOnce() async throws {
        let rig = try await FaultRig.start(FaultRig.restingBuy)
        defer { Task { await rig.stop() } }
        await rig.bar(30_000)
        #expect(await rig.until { $0.orders.values.first == .new })
        await rig.fake.inject([FakeFault(.dropUserStream), FakeFault(.duplicateFill)])
        await rig.fake.setPrice(29_000)
        let read = await rig.until { _ in await rig.fake.state().requests.contains { $0.path == "/api/v3/myTrades" } }
        #expect(read, "reconciliation read myTrades, where the fake lists the fill twice")
        #expect(await rig.settled())
        await rig.advance(1_000)
        let status = await rig.session.status
        #expect(status.bookedTrades.count == 1)
        #expect(status.duplicateTrades >= 1, "the second copy was seen and dropped")
        #expect(status.venuePosition == 2_000, "0.02 BTC once, not twice")
        try await rig.checkInvariants()
    }

    @Test func eventsOutOfOrderEndFilledWithEveryPartialBookedOnce() async throws {
        let rig = try await FaultRig.start(FaultRig.restingBuy, fakeConfig: Self.partials)
        defer { Task { await rig.stop() } }
        await rig.bar(30_000)
        #expect(await rig.until { $0.orders.values.first == .new })
        await rig.fake.inject([FakeFault(.reorderEvents)])
        await Self.fillResting(rig)
        #expect(await rig.settled())
        await rig.advance(1_000)
        #expect(await rig.onlyOrder()?.state == .filled)
        #expect(await rig.session.status.venuePosition == 2_000)
        try await rig.checkInvariants()
    }

    @Test func aFillArrivingBeforeTheAckOnTheStreamEndsFilledAndBookedOnce() async throws {
        let rig = try await FaultRig.start(FaultRig.buyOnce, fakeConfig: Self.partials)
        defer { Task { await rig.stop() } }
        await rig.fake.inject([FakeFault(.reorderEvents)])
        await rig.bar(30_000)
        #expect(await rig.settled())
        await rig.advance(1_000)
        let venue = try #require(await rig.fake.state().orders.first)
        #expect(await rig.onlyOrder()?.state.rawValue == venue.status, "Spark ends where the venue ended (\(venue.status))")
        #expect(await rig.session.status.venuePosition == 500, "the 0.005 the book offered, once")
        try await rig.checkInvariants()
    }

    @Test func partialFillsWhileTheUserStreamIsDownAreCaughtUpByReconciliation() async throws {
        let rig = try await FaultRig.start(FaultRig.restingBuy, fakeConfig: Self.partials)
        defer { Task { await rig.stop() } }
        await rig.bar(30_000)
        #expect(await rig.until { $0.orders.values.first == .new })
        await rig.fake.inject([FakeFault(.dropUserStream)])
        await rig.fake.setPrice(29_000)
        #expect(await rig.fake.state().trades.count == 1, "one partial fill while the stream was down")
        let caught = await rig.settled()
        #expect(caught, "reconciliation booked the partial the stream lost")
        #expect(await rig.onlyOrder()?.state == .partiallyFilled)
        await Self.fillResting(rig)
        #expect(await rig.settled())
        await rig.advance(1_000)
        #expect(await rig.onlyOrder()?.state == .filled)
        try await rig.checkInvariants()
    }

    @Test func aSilentUserStreamIsDroppedAfterTheSilenceTimeoutAndTheFillItHidIsBooked() async throws {
        let rig = try await FaultRig.start(FaultRig.restingBuy, gatewayConfig: { $0.silenceTimeout = .seconds(2) })
        defer { Task { await rig.stop() } }
        await rig.bar(30_000)
        #expect(await rig.until { $0.orders.values.first == .new })
        await rig.fake.inject([FakeFault(.silentStream)])
        await rig.fake.setPrice(29_000)
        #expect(await rig.fake.state().trades.count == 1)
        try await Task.sleep(for: .milliseconds(150))
        #expect(await rig.session.status.bookedTrades.isEmpty, "the silent stream delivered nothing")
        for _ in 0..<4 {
            await rig.advance(1_000)
            if await rig.until(seconds: 0.3, { !$0.bookedTrades.isEmpty }) { break }
        }
        #expect(await rig.settled())
        #expect(await rig.onlyOrder()?.state == .filled)
        try await rig.checkInvariants()
    }

    @Test func aServerShutdownOfTheUserStreamResubscribesAndLaterFillsStillArrive() async throws {
        let rig = try await FaultRig.start(FaultRig.restingBuy)
        defer { Task { await rig.stop() } }
        await rig.bar(30_000)
        #expect(await rig.until { $0.orders.values.first == .new })
        let logons = await Self.subscriptions(rig)
        await rig.fake.inject([FakeFault(.serverShutdown)])
        #expect(await rig.until { _ in await Self.subscriptions(rig) > logons }, "the session subscribed again")
        await rig.fake.setPrice(29_000)
        #expect(await rig.settled(), "the fill after the shutdown came through the new stream")
        #expect(await rig.onlyOrder()?.state == .filled)
        try await rig.checkInvariants()
    }

    @Test func theUserStreamsTwentyFourHourLimitResubscribesAndLaterFillsStillArrive() async throws {
        var config = FaultRig.config
        config.staleDataMs = 7 * 86_400_000
        config.unresolvedLimitMs = 7 * 86_400_000
        let rig = try await FaultRig.start(FaultRig.restingBuy, config: config, gatewayConfig: { $0.silenceTimeout = .seconds(3 * 86_400) })
        defer { Task { await rig.stop() } }
        await rig.bar(30_000)
        #expect(await rig.until { $0.orders.values.first == .new })
        let logons = await Self.subscriptions(rig)
        await rig.advance(86_400_000 + 1_000)
        #expect(await rig.until { _ in await Self.subscriptions(rig) > logons }, "the session subscribed again after the 24 h close")
        await rig.fake.setPrice(29_000)
        #expect(await rig.settled())
        #expect(await rig.onlyOrder()?.state == .filled)
        try await rig.checkInvariants()
    }

    /// User-data subscriptions the fake received.
    static func subscriptions(_ rig: FaultRig) async -> Int {
        await rig.fake.state().requests.count { $0.method == "WS" && $0.path.hasPrefix("userDataStream.subscribe") }
    }
}
