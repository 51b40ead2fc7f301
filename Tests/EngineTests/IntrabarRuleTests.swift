import Testing
@testable import Engine
import SparkCore

/// The examples of docs/fills.md, with the doc's numbers; each test is named beside its example.
@Suite("Intra-bar rules (docs/fills.md)")
struct IntrabarRuleTests {
    @Test("a stop and a target touched in one bar: the stop fills on the adverse path, the target on the favorable one")
    func stopAndTargetInOneBar() {
        for (path, expected) in [
            (FillModel.IntrabarPath.adverse, ["fill #1 sell 1 @ 95 taker", "cancel #2: OCO: order 1 filled"]),
            (.favorable, ["fill #2 sell 1 @ 108 maker", "cancel #1: OCO: order 2 filled"]),
            (.nearest, ["fill #1 sell 1 @ 95 taker", "cancel #2: OCO: order 1 filled"]),
        ] {
            let desk = VenueDesk(model: FillModel(intrabar: path), position: 1)
            desk.send(desk.oco(desk.order(.sell, .stop, qty: 1, trigger: 95), desk.order(.sell, .limit, qty: 1, limit: 108)))
            #expect(desk.bar(0, 100, 110, 90, 105) == expected, "\(path)")
            #expect(desk.position == 0)
        }
    }

    @Test("a bar that gaps through a sell stop fills it at the open, the worse price")
    func gapThroughStop() {
        let desk = VenueDesk(position: 1)
        desk.send(desk.order(.sell, .stop, qty: 1, trigger: 95))
        #expect(desk.bar(0, 92, 93, 90, 91) == ["fill #1 sell 1 @ 92 taker"])
    }

    @Test("a bar that gaps through a buy limit fills it at the open, the better price")
    func gapThroughLimit() {
        let desk = VenueDesk()
        desk.send(desk.order(.buy, .limit, qty: 1, limit: 97))
        #expect(desk.bar(0, 95, 96, 94, 95) == ["fill #1 buy 1 @ 95 taker"])
    }

    @Test("orders fill in the order the path reaches them, and each account check sees the fills before it")
    func pathOrderAndAccountChecks() {
        let desk = VenueDesk(cash: 150)
        desk.send(desk.order(.buy, .limit, qty: 1, limit: 99), desk.order(.buy, .limit, qty: 1, limit: 100))
        let events = desk.bar(0, 101, 101, 98, 99)
        #expect(events.first == "fill #2 buy 1 @ 100 maker")
        #expect(events.count == 2 && events[1].hasPrefix("reject #1: insufficient cash"))
        #expect(desk.cash == 50)
    }

    @Test("the volume cap is shared by all of a bar's fills: the first order reached takes it, the next waits")
    func sharedVolumeCap() {
        let desk = VenueDesk(model: FillModel(volumeShare: 0.1))
        desk.send(desk.order(.buy, .limit, qty: 1, limit: 99), desk.order(.buy, .limit, qty: 1, limit: 100))
        #expect(desk.bar(0, 101, 101, 98, 99, volume: 10) == ["fill #2 buy 1 @ 100 maker"])
        #expect(desk.bar(1, 98.5, 99, 98, 98.5, volume: 10) == ["fill #1 buy 1 @ 98.5 taker"])
    }

    @Test("under the volume cap an order fills in parts over several bars")
    func partialFillsAcrossBars() {
        let desk = VenueDesk(model: FillModel(volumeShare: 0.1))
        desk.send(desk.order(.buy, .market, qty: 1))
        #expect(desk.bar(0, 100, 101, 99, 100, volume: 6) == ["part #1 buy 0.6 @ 100 taker"])
        #expect(desk.bar(1, 101, 102, 100, 101, volume: 6) == ["fill #1 buy 0.4 @ 101 taker"])
        #expect(desk.position == 1)
    }

    @Test("a bracket whose market entry fills at the open can hit its stop in the same bar")
    func bracketExitsWorkFromTheEntryFill() {
        let desk = VenueDesk()
        desk.send(desk.bracket(desk.order(.buy, .market, qty: 1), desk.order(.sell, .stop, qty: 1, trigger: 95), desk.order(.sell, .limit, qty: 1, limit: 110)))
        #expect(desk.bar(0, 100, 101, 94, 96) == ["fill #1 buy 1 @ 100 taker", "fill #2 sell 1 @ 95 taker", "cancel #3: OCO: order 2 filled"])
        #expect(desk.position == 0)
    }

    @Test("a trailing stop checks each bar against the trigger set by the bars before it, then follows the bar's high")
    func trailingStopByAmount() {
        let desk = VenueDesk(position: 1)
        desk.send(desk.order(.sell, .trailingStop, qty: 1, trail: .amount(desk.price(5))))
        #expect(desk.bar(0, 100, 104, 99, 103).isEmpty)  // trigger 95 from the open; then 104 - 5 = 99
        #expect(desk.venue.book.first?.trailTrigger == desk.price(99))
        #expect(desk.bar(1, 103, 108, 100, 107).isEmpty)  // 100 stays above 99; then 108 - 5 = 103
        #expect(desk.bar(2, 106, 107, 101, 102) == ["fill #1 sell 1 @ 103 taker"])
    }

    @Test("a trailing stop by basis points keeps its distance as a share of the best price")
    func trailingStopByBps() {
        let desk = VenueDesk(position: 1)
        desk.send(desk.order(.sell, .trailingStop, qty: 1, trail: .bps(500)))
        #expect(desk.bar(0, 100, 104, 99, 103).isEmpty)  // 95, then 104 - 5.2 = 98.8
        #expect(desk.bar(1, 103, 108, 100, 107).isEmpty)  // then 108 - 5.4 = 102.6
        #expect(desk.bar(2, 106, 107, 101, 102) == ["fill #1 sell 1 @ 102.6 taker"])
    }

    @Test("the same orders placed in the opposite order give the same events")
    func placementOrderDoesNotMatter() {
        func run(reversed: Bool) -> [String] {
            let desk = VenueDesk(short: true, position: 1)
            var stop = desk.order(.sell, .stop, qty: 1, trigger: 95)
            var target = desk.order(.sell, .limit, qty: 1, limit: 108)
            if reversed { (stop.id, target.id) = (target.id, stop.id) }
            desk.send(reversed ? [target, stop] : [stop, target])
            return desk.bar(0, 100, 110, 90, 105).map { $0.replacingOccurrences(of: "#\(stop.id)", with: "#S").replacingOccurrences(of: "#\(target.id)", with: "#T") }
        }
        #expect(run(reversed: false) == ["fill #S sell 1 @ 95 taker", "fill #T sell 1 @ 108 maker"])
        #expect(run(reversed: true) == run(reversed: false))
    }
}
