import Foundation
import Binance
@testable import Live
import SparkCore
import Testing

@Suite("Live: orders from decision to fill")
struct LiveOrderFlowTests {
    @Test func aBarBecomesAnIntentOnDiskBeforeThePlaceAndTheFillReachesTheEnginePosition() async throws {
        var harness = LiveHarness()
        let session = try await harness.start(LiveHarness.buyOnce)
        await session.bar(harness.bar(100))
        let status = await session.status
        #expect(status.orders.values.first == .filled)
        #expect(status.enginePosition == 1_000 && status.venuePosition == 1_000)
        #expect(status.blocked == nil && status.killLevel == 0)
        let lines = harness.journalLines()
        let intent = try #require(lines.firstIndex { $0.contains("\"type\":\"intent\"") })
        let answer = try #require(lines.firstIndex { $0.contains("\"placed\"") })
        #expect(intent < answer)
        #expect(lines[intent].contains("\"recvWindow\":5000") && lines[intent].contains("\"quantity\":\"0.01\""))
        await harness.checkInvariants(session)
    }

    @Test func anUnknownOutcomeIsResolvedByQueryAndNeverPlacedTwice() async throws {
        var harness = LiveHarness()
        await harness.gateway.set(faults: [.lostResponse])
        let session = try await harness.start(LiveHarness.buyOnce)
        await session.bar(harness.bar(100))
        let status = await session.status
        #expect(status.orders.values.first == .filled, "\(status.orders)")
        #expect(status.enginePosition == 1_000)
        #expect(await harness.gateway.placeCalls.count == 1)
        #expect(await harness.gateway.queryCalls.count >= 1)
        await harness.checkInvariants(session)
    }

    @Test func anOrderAnsweredDoesNotExistPastItsWindowIsNotPlacedAndALateFillIsStillBooked() async throws {
        var harness = LiveHarness()
        await harness.gateway.set(faults: [.lostRequest])
        let session = try await harness.start(LiveHarness.buyOnce)
        await session.bar(harness.bar(100))
        let id = try #require(await session.status.orders.keys.first)
        #expect(await session.status.orders[id] == .unknown)
        for _ in 0..<4 {
            harness.clock.advance(3_000)
            await session.tick()
        }
        #expect(await session.status.orders[id] == .notPlaced)
        #expect(await harness.gateway.placeCalls.count == 1, "never resubmitted")
        // The request turns up after all (a very late backend): its fill is applied and reported.
        let late = NewOrder(symbol: "BTCUSDT", side: .buy, type: .market, quantity: "0.01", clientOrderID: id, timestamp: 0)
        _ = await harness.gateway.accept(late)
        let report = await harness.gateway.match(id, qty: "0.01", price: "100.00")
        await session.deliver(.execution(report, eventTime: 0))
        #expect(await session.status.enginePosition == 1_000)
        #expect(harness.journalLines().contains { $0.contains("late") && $0.contains("NOT_PLACED") })
        await harness.checkInvariants(session)
    }

    @Test func aFillDeliveredByStreamRESTAndMyTradesIsBookedOnce() async throws {
        var harness = LiveHarness()
        let session = try await harness.start(LiveHarness.restingBuy)
        await session.bar(harness.bar(100))
        let id = try #require(await session.status.orders.keys.first)
        #expect(await session.status.orders[id] == .new)
        let report = await harness.gateway.match(id, qty: "0.01", price: "90.00")
        await session.deliver(.execution(report, eventTime: 1))
        await session.deliver(.execution(report, eventTime: 1))
        await session.submit(.queried(clientID: id, outcome: .reports([report])))
        await session.deliver(.disconnected(reason: "test"))
        let status = await session.status
        #expect(status.enginePosition == 1_000)
        #expect(status.duplicateTrades >= 2)
        #expect(status.orders[id] == .partiallyFilled)
        #expect(status.blocked == nil, "reconciled after the gap: \(status.blocked ?? "")")
        await harness.checkInvariants(session)
    }

    @Test func eventsOutOfOrderEndInTheRightState() async throws {
        var harness = LiveHarness()
        let session = try await harness.start(LiveHarness.restingBuy)
        await session.bar(harness.bar(100))
        let id = try #require(await session.status.orders.keys.first)
        let first = await harness.gateway.match(id, qty: "0.01", price: "90.00")
        let second = await harness.gateway.match(id, qty: "0.01", price: "89.00")
        await session.deliver(.execution(second, eventTime: 2))
        await session.deliver(.execution(first, eventTime: 1))
        let status = await session.status
        #expect(status.orders[id] == .filled)
        #expect(status.enginePosition == 2_000)
        await harness.checkInvariants(session)
    }

    @Test func anOrderBreakingAFilterIsDeniedAndNeverSent() async throws {
        var harness = LiveHarness()
        let tiny = LiveHarness.buyOnce.replacingOccurrences(of: "qty = 0.01", with: "qty = 0.00002")
        let session = try await harness.start(tiny)
        await session.bar(harness.bar(100))
        #expect(await harness.gateway.placeCalls.isEmpty)
        #expect(await session.status.enginePosition == 0)
        #expect(harness.journalLines().contains { $0.contains("DENIED") && $0.contains("NOTIONAL") })
        await harness.checkInvariants(session)
    }
}

@Suite("Live: a long session's order walks")
struct LiveOrderWalkTests {
    /// Rests a limit buy at 90 on the first bar, then buys and sells 0.01 at market on every bar.
    static let restThenFlip = """
    strategy = { name = "rest_then_flip", params = {} }
    local n = 0
    function on_bar(ctx, bar)
      n = n + 1
      if n == 1 then ctx:buy{ qty = 0.02, limit = 90 }
      elseif n % 2 == 0 then ctx:buy{ qty = 0.01 } else ctx:sell{ qty = 0.01 } end
    end
    """

    @Test func ordersThatEndedLeaveTheWalkAndARestingOneStaysInIt() async throws {
        var harness = LiveHarness()
        let session = try await harness.start(Self.restThenFlip)
        for _ in 0..<121 { await session.bar(harness.bar(100)) }
        let status = await session.status
        #expect(status.orders.count == 121)
        #expect(status.orders.values.filter { $0 == .filled }.count == 120)
        #expect(status.orders.values.filter { $0 == .new }.count == 1, "the resting limit")
        // Before each new order the venue walks its orders (filters count the open ones); the 120
        // filled ones have left that walk, the resting one has not.
        #expect(await session.walkedOrderCount() == 1)
        await harness.checkInvariants(session)
    }
}

extension LiveSession {
    fileprivate func walkedOrderCount() -> Int {
        machine.venue.compactActive()
        return machine.venue.active.count
    }
}
