import Foundation
import Binance
import Live
import Testing

@Suite("Live: a cancel of unknown outcome")
struct LiveCancelUnknownTests {
    static let restThenCancel = """
    strategy = { name = "rest_then_cancel", params = {} }
    local n, id = 0, nil
    function on_bar(ctx, bar)
      n = n + 1
      if n == 1 then id = ctx:buy{ qty = 0.02, limit = 90 }
      elseif n == 2 and id then ctx:cancel(id) end
    end
    """

    @Test func aCancelWhoseOutcomeStaysUnknownTripsTheUnresolvedOrderBreaker() async throws {
        var harness = LiveHarness()
        await harness.gateway.set(cancelFaults: [.lostRequest])
        let session = try await harness.start(Self.restThenCancel)
        await session.bar(harness.bar(100))
        await session.bar(harness.bar(100))
        let id = try #require(await session.status.orders.keys.first)
        #expect(await session.status.orders[id] == .cancelUnknown)
        harness.clock.advance(5_000)
        await session.tick()
        // The query finds the order still open: whether the cancel lands is still unknown.
        #expect(await harness.gateway.queryCalls.contains(id))
        let early = await session.status
        #expect(early.orders[id] == .cancelUnknown && early.killLevel == 0)
        for _ in 0..<6 {
            harness.clock.advance(5_000)
            await session.tick()
        }
        let status = await session.status
        #expect(status.killLevel == 1 && status.killReason?.contains("unresolved order \(id): CANCEL_UNKNOWN") == true, "\(status.killReason ?? "")")
        #expect(await harness.gateway.cancelCalls == [id], "a cancel of unknown outcome is queried, not sent again")
        await harness.checkInvariants(session)
    }
}
