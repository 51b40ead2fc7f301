import Foundation
import Testing
import BinanceNet
import FakeBinance
import Live

/// Faults 13–16 and 19 of LIVE.md, and the level-2 kill switch: a cancel racing a fill, a foreign
/// order at start-up, rules changed under a running session, an IOC partly filled then expired, and
/// a journal that can no longer be written.
@Suite("order-life faults and the kill switch on the fake exchange", .serialized)
struct OrderLifeFaultTests {
    /// Checks (e): no Spark-owned order open on the fake, and no new-order request after `sentBefore`.
    static func checkKilled(_ rig: FaultRig, sentBefore: Int, sourceLocation: SourceLocation = #_sourceLocation) async {
        let open = await rig.fake.state().openOrders.filter { FaultRig.isSpark($0.clientOrderId) }
        #expect(open.isEmpty, "Spark orders still open after kill level 2: \(open.map(\.clientOrderId))", sourceLocation: sourceLocation)
        #expect(await rig.newOrderRequests().count == sentBefore, "a new order went out after kill level 2", sourceLocation: sourceLocation)
        #expect(await rig.session.status.killVerified == true, sourceLocation: sourceLocation)
    }

    /// Rests a limit buy of 0.02 at 29,000 on every bar.
    static let restingEveryBar = """
    strategy = { name = "resting_every_bar", params = {} }
    function on_bar(ctx, bar) ctx:buy{ qty = 0.02, limit = 29000 } end
    """

    @Test func killLevelTwoCancelsEverySparkOrderAndNoNewOrderFollows() async throws {
        let rig = try await FaultRig.start(Self.restingEveryBar)
        defer { Task { await rig.stop() } }
        await rig.bar(30_000)
        await rig.bar(30_010)
        #expect(await rig.until { $0.orders.values.filter { $0 == .new }.count == 2 })
        await rig.session.control(.kill(level: 2, by: "test", reason: "fault suite"))
        _ = await rig.until { $0.killVerified == true }
        let sent = await rig.newOrderRequests().count
        await rig.bar(30_020)
        await rig.advance(1_000)
        await Self.checkKilled(rig, sentBefore: sent)
        #expect(await rig.session.status.orders.values.allSatisfy { $0 == .canceled })
        try await rig.checkInvariants()
    }

    @Test func aCancelRacingAFillGetsMinus2011AndTheFillIsBookedNotLost() async throws {
        let rig = try await FaultRig.start(Self.restingEveryBar)
        defer { Task { await rig.stop() } }
        await rig.bar(30_000)
        #expect(await rig.until { $0.orders.values.first == .new })
        await rig.fake.inject([FakeFault(.cancelRace)])
        await rig.session.control(.kill(level: 2, by: "test", reason: "fault suite"))
        #expect(await rig.until { $0.killVerified == true })
        let answer = await rig.fake.state().requests.last { $0.method == "DELETE" && $0.path == "/api/v3/order" }
        #expect(answer?.answeredStatus == 400, "the cancel lost the race (-2011)")
        #expect(await rig.settled())
        await rig.advance(1_000)
        #expect(await rig.onlyOrder()?.state == .filled, "the race's winner, the fill, is what Spark books")
        #expect(await rig.session.status.venuePosition == 2_000)
        let sent = await rig.newOrderRequests().count
        await rig.bar(30_020)
        await Self.checkKilled(rig, sentBefore: sent)
        try await rig.checkInvariants()
    }

    @Test func aForeignOrderOnTheTradedSymbolAtStartUpStopsTheSessionAndIsLeftAlone() async throws {
        let rig = try await FaultRig.start(FaultRig.buyEveryBar, before: { fake in
            try await fake.placeForeignOrder(quantity: Decimal(string: "0.01")!, price: 29_000)
        })
        defer { Task { await rig.stop() } }
        let status = await rig.session.status
        #expect(status.killLevel == 1, "\(String(describing: status.killReason))")
        await rig.bar(30_000)
        #expect(await rig.newOrderRequests().isEmpty, "no orders while a foreign order is open")
        let foreign = await rig.fake.state().orders.filter { !FaultRig.isSpark($0.clientOrderId) }
        #expect(foreign.count == 1 && foreign[0].isOpen, "Spark never cancels what it does not own")
        try await rig.checkInvariants()
    }

    static func raiseMinNotional(_ fake: FakeBinanceServer) async {
        var rules = FakeSymbolRules.btcusdt
        rules.minNotional = 1_000
        await fake.setRules(rules)
    }

    @Test(arguments: ["filter", "CANCEL_ONLY"])
    func rulesChangedAfterStartAreRefusedByTheVenueAndNothingIsLeftUnknown(_ change: String) async throws {
        let rig = try await FaultRig.start(FaultRig.buyOnce)
        defer { Task { await rig.stop() } }
        if change == "filter" { await Self.raiseMinNotional(rig.fake) } else { await rig.fake.setSymbolStatus("BTCUSDT", "CANCEL_ONLY") }
        await rig.bar(30_000)
        let order = try #require(await rig.onlyOrder(), "the local pre-check (start-up rules) let the order through")
        #expect(order.state == .rejected, "the venue's refusal is definite: \(order.state)")
        #expect(await rig.newOrderRequests().count == 1)
        let answer = await rig.fake.state().requests.last { $0.path == "/api/v3/order" }
        #expect(answer?.answeredStatus == 400)
        #expect(await rig.fake.state().orders.isEmpty)
        try await rig.checkInvariants()
    }

    @Test func anIOCPartlyFilledThenExpiredBooksTheFilledPartOnly() async throws {
        let ioc = """
        strategy = { name = "ioc_once", params = {} }
        local n = 0
        function on_bar(ctx, bar)
          n = n + 1
          if n == 1 then ctx:buy{ qty = 0.01, limit = 30000, tif = "IOC" } end
        end
        """
        let rig = try await FaultRig.start(ioc, fakeConfig: { $0.liquidityPerStep = Decimal(string: "0.004")! })
        defer { Task { await rig.stop() } }
        await rig.bar(30_000)
        #expect(await rig.settled())
        #expect(await rig.until { $0.orders.values.first == .expired })
        let venue = try #require(await rig.fake.state().orders.first)
        #expect(venue.status == "EXPIRED" && venue.executedQty == Decimal(string: "0.004")!)
        #expect(await rig.session.status.venuePosition == 400)
        try await rig.checkInvariants()
    }

    @Test func aJournalThatCannotBeWrittenFailsClosedAndSaysWhy() async throws {
        let directory = NSTemporaryDirectory() + "spark-faults/disk-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let sink = try FullDiskSink(path: directory + "/live.jsonl")
        let rig = try await FaultRig.start(FaultRig.buyEveryBar, sink: sink, journalPath: directory + "/live.jsonl")
        defer { Task { await rig.stop() } }
        await rig.bar(30_000)
        #expect(await rig.settled())
        #expect(await rig.newOrderRequests().count == 1)
        sink.fill()
        await rig.bar(30_010)
        await rig.bar(30_020)
        await rig.advance(1_000)
        let status = await rig.session.status
        #expect(status.journalFailure?.contains("No space left") == true, "\(String(describing: status.journalFailure))")
        #expect(status.blocked != nil, "new orders are refused")
        #expect(await rig.newOrderRequests().count == 1, "no order without a durable intent")
        try await rig.checkInvariants()
    }
}
