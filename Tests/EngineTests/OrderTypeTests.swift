import Testing
@testable import Engine
import SparkCore

/// Each order type and term on the simulated venue: how it fills, how it is cancelled, how it expires.
@Suite("Order types on the simulated venue")
struct OrderTypeTests {
    // MARK: Market and limit

    @Test("a market order fills at the open; cancelled before its bar it never fills")
    func marketFillAndCancel() {
        let desk = VenueDesk()
        desk.send(desk.order(.buy, .market, qty: 1))
        #expect(desk.bar(0, 100, 101, 99, 100) == ["fill #1 buy 1 @ 100 taker"])
        desk.send(desk.order(.buy, .market, qty: 1))
        #expect(desk.cancel(2) == ["cancel #2: cancelled by strategy"])
        #expect(desk.bar(1, 100, 101, 99, 100).isEmpty)
    }

    @Test("a resting limit fills at its limit as maker when the range reaches it, and a cancel ends it")
    func limitFillAndCancel() {
        let desk = VenueDesk()
        desk.send(desk.order(.buy, .limit, qty: 1, limit: 99), desk.order(.buy, .limit, qty: 1, limit: 90))
        #expect(desk.bar(0, 100, 101, 98.5, 100) == ["fill #1 buy 1 @ 99 maker"])
        #expect(desk.cancel(2) == ["cancel #2: cancelled by strategy"])
        #expect(desk.venue.restingCount == 0)
    }

    // MARK: Time in force

    @Test("an IOC order fills what it can on its first bar and the rest expires")
    func iocPartial() {
        let desk = VenueDesk(model: FillModel(volumeShare: 0.5))
        desk.send(desk.order(.buy, .limit, qty: 1, limit: 100, tif: .ioc))
        #expect(desk.bar(0, 101, 101, 99, 100, volume: 1) == [
            "part #1 buy 0.5 @ 100 maker", "expire #1: IOC: 0.5 of 1 unfilled on the bar it worked",
        ])
    }

    @Test("an IOC order the bar does not reach expires with nothing filled")
    func iocUntouched() {
        let desk = VenueDesk(position: 1)
        desk.send(desk.order(.sell, .stop, qty: 1, trigger: 95, tif: .ioc))
        #expect(desk.bar(0, 100, 101, 99, 100) == ["expire #1: IOC: 1 of 1 unfilled on the bar it worked"])
    }

    @Test("a FOK order fills whole on its first bar or expires with nothing")
    func fillOrKill() {
        let thin = VenueDesk(model: FillModel(volumeShare: 0.5))
        thin.send(thin.order(.buy, .limit, qty: 1, limit: 100, tif: .fok))
        #expect(thin.bar(0, 101, 101, 99, 100, volume: 1) == ["expire #1: FOK: only 0.5 of 1 could fill on the bar it worked"])
        #expect(thin.position == 0)
        let deep = VenueDesk(model: FillModel(volumeShare: 0.5))
        deep.send(deep.order(.buy, .limit, qty: 1, limit: 100, tif: .fok))
        #expect(deep.bar(0, 101, 101, 99, 100, volume: 2) == ["fill #1 buy 1 @ 100 maker"])
    }

    @Test("a GTD order expires at the first bar at or after its time, before that bar can fill it")
    func goodTillDate() {
        let desk = VenueDesk()
        let until = VenueDesk.time(2)
        desk.send(desk.order(.buy, .limit, qty: 1, limit: 90, tif: .gtd(until)))
        #expect(desk.bar(0, 100, 101, 95, 100).isEmpty)
        #expect(desk.bar(1, 100, 101, 95, 100).isEmpty)
        #expect(desk.bar(2, 89, 90, 88, 89) == ["expire #1: GTD: good till \(until), expired at the bar of \(until)"])
    }

    // MARK: Post-only and reduce-only

    @Test("a post-only order that would take liquidity on its first bar is rejected")
    func postOnlyRejected() {
        let desk = VenueDesk()
        desk.send(desk.order(.buy, .limit, qty: 1, limit: 100, postOnly: true))
        #expect(desk.bar(0, 99.5, 100, 99, 99.5) == ["reject #1: post-only: the buy limit 100 would take liquidity at 99.5"])
    }

    @Test("a resting post-only order fills as maker at its limit, even when a later bar gaps through it")
    func postOnlyFillsAsMaker() {
        let desk = VenueDesk()
        desk.send(desk.order(.buy, .limit, qty: 1, limit: 100, postOnly: true))
        #expect(desk.bar(0, 102, 103, 101, 102).isEmpty)
        #expect(desk.bar(1, 98, 99, 97, 98) == ["fill #1 buy 1 @ 100 maker"])
    }

    @Test("a reduce-only order is cut to the position and the rest expires")
    func reduceOnlyCut() {
        let desk = VenueDesk(short: true, position: 0.6)
        desk.send(desk.order(.sell, .limit, qty: 1, limit: 105, reduceOnly: true))
        #expect(desk.bar(0, 104, 106, 103, 105) == [
            "part #1 sell 0.6 @ 105 maker", "expire #1: reduce-only: cut to the position; 0.4 would have opened one",
        ])
        #expect(desk.position == 0)
    }

    @Test("a reduce-only order with nothing to reduce expires when reached")
    func reduceOnlyNothing() {
        let desk = VenueDesk(short: true)
        desk.send(desk.order(.sell, .stop, qty: 1, trigger: 95, reduceOnly: true))
        #expect(desk.bar(0, 100, 101, 94, 96) == ["expire #1: reduce-only: no long position to reduce"])
        #expect(desk.position == 0)
    }

    // MARK: Stop-limit, take-profit, take-profit-limit

    @Test("a sell stop-limit reached in the range fills at the trigger, where its limit is marketable")
    func stopLimitTouched() {
        let desk = VenueDesk(position: 1)
        desk.send(desk.order(.sell, .stopLimit, qty: 1, limit: 94, trigger: 95))
        #expect(desk.bar(0, 100, 100.5, 94.5, 95) == ["fill #1 sell 1 @ 95 taker"])
    }

    @Test("a sell stop-limit that gaps below its limit rests as a limit and fills at the limit when the bar comes back")
    func stopLimitGap() {
        let desk = VenueDesk(position: 1)
        desk.send(desk.order(.sell, .stopLimit, qty: 1, limit: 94, trigger: 95))
        #expect(desk.bar(0, 93, 94.5, 92, 94) == ["fill #1 sell 1 @ 94 maker"])
    }

    @Test("a triggered stop-limit the market never comes back to stays open until cancelled")
    func stopLimitCancelled() {
        let desk = VenueDesk(position: 1)
        desk.send(desk.order(.sell, .stopLimit, qty: 1, limit: 94, trigger: 95))
        #expect(desk.bar(0, 93, 93.5, 92, 93).isEmpty)
        #expect(desk.venue.book.first?.triggered == true)
        #expect(desk.cancel(1) == ["cancel #1: cancelled by strategy"])
    }

    @Test("a sell take-profit fills at its trigger as a market order once the price rises to it")
    func takeProfit() {
        let desk = VenueDesk(position: 1)
        desk.send(desk.order(.sell, .takeProfit, qty: 1, trigger: 110))
        #expect(desk.bar(0, 105, 109, 104, 108).isEmpty)
        #expect(desk.bar(1, 105, 111, 104, 110) == ["fill #1 sell 1 @ 110 taker"])
    }

    @Test("a sell take-profit-limit fills at its trigger when its limit is marketable there, and expires by GTD otherwise")
    func takeProfitLimit() {
        let desk = VenueDesk(position: 1)
        desk.send(desk.order(.sell, .takeProfitLimit, qty: 1, limit: 109.5, trigger: 110))
        #expect(desk.bar(0, 105, 111, 104, 110) == ["fill #1 sell 1 @ 110 taker"])
        let late = VenueDesk(position: 1)
        late.send(late.order(.sell, .takeProfitLimit, qty: 1, limit: 109.5, trigger: 110, tif: .gtd(VenueDesk.time(1))))
        #expect(late.bar(0, 105, 109, 104, 108).isEmpty)
        #expect(late.bar(1, 111, 112, 110, 111).first?.hasPrefix("expire #1: GTD") == true)
    }

    // MARK: Trailing stop

    @Test("a buy trailing stop follows the bar's low and fills when the price rises by the trail")
    func buyTrailingStop() {
        let desk = VenueDesk(short: true, position: -1)
        desk.send(desk.order(.buy, .trailingStop, qty: 1, trail: .amount(desk.price(5))))
        #expect(desk.bar(0, 100, 101, 96, 97).isEmpty)  // 105 from the open; then 96 + 5 = 101
        #expect(desk.bar(1, 97, 102, 96.5, 101) == ["fill #1 buy 1 @ 101 taker"])
        #expect(desk.position == 0)
    }

    @Test("a trailing stop is cancelled like any resting order")
    func trailingStopCancelled() {
        let desk = VenueDesk(position: 1)
        desk.send(desk.order(.sell, .trailingStop, qty: 1, trail: .bps(100)))
        #expect(desk.bar(0, 100, 101, 99.5, 100).isEmpty)
        #expect(desk.cancel(1) == ["cancel #1: cancelled by strategy"])
    }

    // MARK: Latency

    @Test("with one bar of latency a market order fills at the open of the second bar after it was sent")
    func latency() {
        let desk = VenueDesk(model: FillModel(latencyBars: 1))
        desk.send(desk.order(.buy, .market, qty: 1))
        #expect(desk.bar(0, 100, 101, 99, 100).isEmpty)
        #expect(desk.bar(1, 101, 102, 100, 101) == ["fill #1 buy 1 @ 101 taker"])
    }

    @Test("an order missing a price its kind needs is rejected on arrival rather than trusted")
    func malformedOrder() {
        let desk = VenueDesk()
        var order = desk.order(.buy, .stopLimit, qty: 1, trigger: 101)
        desk.send(order)
        #expect(desk.venue.drainEvents().map(desk.describe) == ["reject #1: a stop_limit order without a limit price"])
        order = desk.order(.sell, .trailingStop, qty: 1)
        desk.send(order)
        #expect(desk.venue.drainEvents().map(desk.describe) == ["reject #2: a trailing_stop without a trail"])
        #expect(desk.venue.restingCount == 0)
    }

    @Test("a bar with no working orders leaves the book and the events untouched")
    func idleBar() {
        let desk = VenueDesk()
        #expect(desk.bar(0, 100, 101, 99, 100).isEmpty)
        #expect(desk.venue.book.isEmpty && desk.venue.budget == nil)
    }
}
