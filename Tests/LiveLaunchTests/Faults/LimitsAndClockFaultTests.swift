import Foundation
import Testing
import BinanceNet
import FakeBinance
import Live

/// Faults 10–12 and 17 of LIVE.md: 429 with Retry-After, a 418 ban, clock skew both ways and a
/// signature mismatch, each refused without placing anything and never retried inside a window.
@Suite("rate-limit, ban, clock and signing faults on the fake exchange", .serialized)
struct LimitsAndClockFaultTests {
    /// Requests the fake received after the one answered 429 or 418, inside the window that answer opened.
    static func afterRefusal(_ rig: FaultRig, windowMs: Int64) async -> (refusedAt: Int64, inside: [FakeRequestRecord])? {
        let requests = await rig.fake.state().requests
        guard let index = requests.firstIndex(where: { $0.answeredStatus == 429 || $0.answeredStatus == 418 }) else { return nil }
        let start = requests[index].receivedAt
        return (start, requests[(index + 1)...].filter { $0.receivedAt < start + windowMs })
    }

    @Test func a429WithRetryAfterRefusesTheOrderAndNothingIsSentUntilTheWindowEnds() async throws {
        let rig = try await FaultRig.start(FaultRig.buyEveryBar)
        defer { Task { await rig.stop() } }
        await rig.fake.inject([FakeFault(.rateLimit, seconds: 10)])
        await rig.bar(30_000)
        let first = try #require(await rig.onlyOrder())
        #expect(first.state != .unknown && first.state != .pendingNew, "a 429 means not placed: \(first.state)")
        #expect(await rig.fake.state().orders.isEmpty)
        await rig.bar(30_010)
        await rig.advance(4_000)
        #expect(await rig.newOrderRequests().count == 1, "nothing is sent inside the window")
        #expect(await rig.session.status.orders.count == 1, "an order decided inside the window is denied, not held and sent late with a stale timestamp")
        #expect(!rig.journal.contains("sk1-flt1-0-2-o0"), "the denied order never got an intent or a client id")
        for _ in 0..<4 { await rig.advance(2_000) }
        await rig.bar(30_020)
        #expect(await rig.until { $0.orders.values.contains(.filled) }, "orders flow again after the window")
        let window = try #require(await Self.afterRefusal(rig, windowMs: 10_000))
        #expect(window.inside.isEmpty, "requests inside the Retry-After window: \(window.inside)")
        try await rig.checkInvariants()
    }

    @Test func a418BanTripsTheKillSwitchAndNoRequestReachesTheExchangeUntilItEnds() async throws {
        let rig = try await FaultRig.start(FaultRig.buyEveryBar)
        defer { Task { await rig.stop() } }
        await rig.fake.inject([FakeFault(.ban, seconds: 120)])
        await rig.bar(30_000)
        #expect(await rig.session.status.killLevel == 1)
        await rig.bar(30_010)
        for _ in 0..<3 { await rig.advance(30_000) }
        let window = try #require(await Self.afterRefusal(rig, windowMs: 120_000))
        #expect(window.inside.isEmpty, "requests inside the ban: \(window.inside)")
        #expect(await rig.fake.state().orders.isEmpty)
        await rig.advance(31_000)
        await rig.session.control(.release(by: "test", reason: "the ban is over"))
        await rig.bar(30_020)
        #expect(await rig.until { $0.orders.values.contains(.filled) }, "orders flow again after the ban and the release")
        try await rig.checkInvariants()
    }

    @Test func aMinus1021RejectsTheOrderAndResyncsTheClockAtOnceSoTheNextOrderGoesThrough() async throws {
        var config = FaultRig.config
        config.maxClockSkewMs = 4_000
        let rig = try await FaultRig.start(FaultRig.buyEveryBar, config: config)
        defer { Task { await rig.stop() } }
        await rig.fake.inject([FakeFault(.clockSkew, ms: -3_000)])
        await rig.bar(30_000)
        let first = try #require(await rig.onlyOrder())
        #expect(first.state == .rejected, "-1021 is a definite rejection: \(first.state)")
        #expect(await rig.fake.state().orders.isEmpty)
        // Re-synced on the -1021 itself, not at the next minute's sync; within tolerance, so no trip.
        let status = await rig.session.status
        #expect(abs(status.clockOffsetMs + 3_000) <= 50, "resynced: \(status.clockOffsetMs)")
        #expect(status.killLevel == 0 && status.blocked == nil, "\(status.killReason ?? "") \(status.blocked ?? "")")
        #expect(rig.journal.contains("clock re-synced"))
        await rig.bar(30_010)
        #expect(await rig.until { $0.orders.values.contains(.filled) })
        #expect(await rig.newOrderRequests().count == 2, "the rejected order is never sent again")
        try await rig.checkInvariants()
    }

    @Test func aClockSkewBeyondTheToleranceStopsNewOrders() async throws {
        let rig = try await FaultRig.start(FaultRig.buyEveryBar)
        defer { Task { await rig.stop() } }
        await rig.fake.inject([FakeFault(.clockSkew, ms: 10_000)])
        await rig.bar(30_000)
        #expect(await rig.onlyOrder()?.state == .rejected, "a timestamp 10 s old is refused with -1021")
        #expect(await rig.session.status.killLevel == 1, "the resync on -1021 found the clock beyond tolerance")
        await rig.session.control(.release(by: "test", reason: "try again"))
        #expect(await rig.session.status.blocked?.contains("clock") == true, "a release does not unblock a clock beyond tolerance")
        await rig.advance(60_000)
        let status = await rig.session.status
        #expect(status.killLevel == 1, "the resync found the clock beyond tolerance")
        #expect(status.blocked != nil)
        let sent = await rig.newOrderRequests().count
        await rig.bar(30_010)
        await rig.bar(30_020)
        #expect(await rig.newOrderRequests().count == sent, "no new orders while the clock is off")
        #expect(await rig.fake.state().orders.isEmpty)
        try await rig.checkInvariants()
    }

    @Test func aSignatureMismatchIsRefusedWithMinus1022AndNothingIsLeftUnknown() async throws {
        let rig = try await FaultRig.start(FaultRig.buyOnce)
        defer { Task { await rig.stop() } }
        rig.transport.spoilSignatures(1)
        await rig.bar(30_000)
        let order = try #require(await rig.onlyOrder())
        #expect(order.state == .rejected, "-1022 is a definite rejection: \(order.state)")
        let answer = await rig.fake.state().requests.last { $0.path == "/api/v3/order" }
        #expect(answer?.answeredStatus == 400)
        #expect(await rig.fake.state().orders.isEmpty)
        try await rig.checkInvariants()
    }
}
