import Testing
@testable import Engine
import SparkCore

/// OCO pairs and brackets, on the venue directly and through the session loop, and the issue's
/// regression: a stop-loss and a take-profit touched in one bar.
@Suite("OCO pairs and brackets")
struct OrderListTests {
    // MARK: On the venue

    @Test("when one OCO leg fills in part, the venue cancels the other, naming the filled leg")
    func ocoPartialFill() {
        let desk = VenueDesk(model: FillModel(volumeShare: 0.5), position: 1)
        desk.send(desk.oco(desk.order(.sell, .stop, qty: 1, trigger: 95), desk.order(.sell, .limit, qty: 1, limit: 108)))
        #expect(desk.bar(0, 100, 110, 90, 105, volume: 1) == ["part #1 sell 0.5 @ 95 taker", "cancel #2: OCO: order 1 partly filled"])
        #expect(desk.bar(1, 96, 97, 94, 95, volume: 1) == ["fill #1 sell 0.5 @ 95 taker"])
    }

    @Test("cancelling one OCO leg cancels the other, as Binance ends the whole list")
    func ocoCancel() {
        let desk = VenueDesk(position: 1)
        desk.send(desk.oco(desk.order(.sell, .stop, qty: 1, trigger: 95), desk.order(.sell, .limit, qty: 1, limit: 108)))
        #expect(desk.cancel(2) == ["cancel #2: cancelled by strategy", "cancel #1: OCO: order 2 was cancelled"])
    }

    @Test("an OCO leg that expires takes the other with it")
    func ocoExpiry() {
        let desk = VenueDesk(position: 1)
        desk.send(desk.oco(desk.order(.sell, .stop, qty: 1, trigger: 95, tif: .gtd(VenueDesk.time(1))), desk.order(.sell, .limit, qty: 1, limit: 108)))
        #expect(desk.bar(0, 100, 101, 99, 100).isEmpty)
        #expect(desk.bar(1, 100, 101, 99, 100).count == 2)
        #expect(desk.venue.restingCount == 0)
    }

    @Test("a bracket's exits wait for the entry, then only one of them fills")
    func bracketFillsOneExit() {
        let desk = VenueDesk()
        desk.send(desk.bracket(desk.order(.buy, .limit, qty: 1, limit: 100), desk.order(.sell, .stop, qty: 1, trigger: 95), desk.order(.sell, .limit, qty: 1, limit: 110)))
        #expect(desk.bar(0, 101, 102, 99.5, 101) == ["fill #1 buy 1 @ 100 maker"])
        #expect(desk.bar(1, 100, 111, 96, 108) == ["fill #3 sell 1 @ 110 maker", "cancel #2: OCO: order 3 filled"])
        #expect(desk.position == 0)
    }

    @Test("a bracket's exits do not work while the entry has filled only in part")
    func bracketWaitsForCompleteEntry() {
        let desk = VenueDesk(model: FillModel(volumeShare: 0.5))
        desk.send(desk.bracket(desk.order(.buy, .market, qty: 1), desk.order(.sell, .stop, qty: 1, trigger: 95)))
        #expect(desk.bar(0, 100, 101, 94, 96, volume: 1) == ["part #1 buy 0.5 @ 100 taker"])
        // The entry completes at the open and takes half the bar's cap; the stop gets the other half.
        #expect(desk.bar(1, 96, 97, 94, 95, volume: 2) == ["fill #1 buy 0.5 @ 96 taker", "part #2 sell 0.5 @ 95 taker"])
    }

    @Test("a bracket's exits are cancelled when its entry is cancelled or expires without filling")
    func bracketEntryEnds() {
        let desk = VenueDesk()
        desk.send(desk.bracket(desk.order(.buy, .limit, qty: 1, limit: 90), desk.order(.sell, .stop, qty: 1, trigger: 85), desk.order(.sell, .limit, qty: 1, limit: 110)))
        #expect(desk.cancel(1) == [
            "cancel #1: cancelled by strategy", "cancel #2: bracket: entry 1 was cancelled before filling",
            "cancel #3: bracket: entry 1 was cancelled before filling",
        ])
        let ioc = VenueDesk()
        ioc.send(ioc.bracket(ioc.order(.buy, .limit, qty: 1, limit: 90, tif: .ioc), ioc.order(.sell, .stop, qty: 1, trigger: 85)))
        #expect(ioc.bar(0, 100, 101, 99, 100) == [
            "expire #1: IOC: 1 of 1 unfilled on the bar it worked", "cancel #2: bracket: entry 1 expired before filling",
        ])
    }

    // MARK: The regression, on the venue

    @Test("placed separately without reduce-only, a stop and a target both fill in one bar and leave a short")
    func separateExitsOvershoot() {
        let desk = VenueDesk(short: true, position: 1)
        desk.send(desk.order(.sell, .stop, qty: 1, trigger: 95), desk.order(.sell, .limit, qty: 1, limit: 108))
        #expect(desk.bar(0, 100, 110, 90, 105) == ["fill #1 sell 1 @ 95 taker", "fill #2 sell 1 @ 108 maker"])
        #expect(desk.position == -1)
    }

    @Test("reduce-only exits cannot leave a short: the second one reached expires")
    func reduceOnlyExitsStopAtFlat() {
        let desk = VenueDesk(short: true, position: 1)
        desk.send(desk.order(.sell, .limit, qty: 1, limit: 108, reduceOnly: true), desk.order(.sell, .stop, qty: 1, trigger: 95, reduceOnly: true))
        #expect(desk.bar(0, 100, 110, 90, 105) == ["fill #2 sell 1 @ 95 taker", "expire #1: reduce-only: no long position to reduce"])
        #expect(desk.position == 0)
    }

    // MARK: Through the session loop

    /// Enters long 1 at bar 1's open and, once filled, places a stop at 95 and a target at 108 as `list`
    /// (or as plain orders), in `exits` order; bar 2 touches both. Returns the loop and the strategy.
    private func session(_ list: OrderListKind?, reduceOnly: Bool = false, targetFirst: Bool = false) -> (SessionLoop, ScriptedStrategy) {
        let loop = makeLoop(short: true)
        let strategy = ScriptedStrategy()
        let stop = OrderRequest(symbol: SymbolID(0), side: .sell, kind: .stop, quantity: 1, trigger: 95, reduceOnly: reduceOnly)
        let target = OrderRequest(symbol: SymbolID(0), side: .sell, kind: .limit, quantity: 1, price: 108, reduceOnly: reduceOnly)
        let exits = targetFirst ? [target, stop] : [stop, target]
        strategy.onBar = { engine, bar in
            let entry = OrderRequest(symbol: SymbolID(0), side: .buy, kind: .market, quantity: 1)
            if list == .bracket, bar.time == VenueDesk.time(0) {
                _ = engine.submit([entry] + exits, as: .bracket)
            } else if list != .bracket, bar.time == VenueDesk.time(0) {
                _ = engine.submit(entry)
            } else if list != .bracket, bar.time == VenueDesk.time(1) {
                if list == .oco { _ = engine.submit(exits, as: .oco) } else { for exit in exits { _ = engine.submit(exit) } }
            }
        }
        loop.start(strategy, at: 0)
        loop.step(bar(0, 100, 100, 100, 100))
        loop.step(bar(1, 100, 101, 99, 100))
        loop.step(bar(2, 100, 110, 90, 105))
        return (loop, strategy)
    }

    @Test("Stop-loss and take-profit placed as plain orders on a shortable symbol both fill in one bar, leaving an unintended short")
    func regressionReproduced() {
        let (loop, strategy) = session(nil)
        #expect(strategy.fills.map(\.price) == [Price(units: 10_000), Price(units: 9_500), Price(units: 10_800)])
        #expect(loop.engine.position(SymbolID(0)) == -1)
    }

    @Test("as an OCO pair only the stop fills, whichever leg was placed first")
    func regressionFixedByOCO() {
        for targetFirst in [false, true] {
            let (loop, strategy) = session(.oco, targetFirst: targetFirst)
            #expect(strategy.fills.map(\.price) == [Price(units: 10_000), Price(units: 9_500)])
            #expect(strategy.ended.map(\.status) == [.cancelled])
            #expect(strategy.ended.first?.reason?.hasPrefix("OCO: order") == true)
            #expect(loop.engine.position(SymbolID(0)) == 0)
            #expect(loop.engine.openOrders.isEmpty)
        }
    }

    @Test("as a bracket the entry fills, then exactly one exit, whichever exit was listed first")
    func regressionFixedByBracket() {
        var runs: [[Fill]] = []
        for targetFirst in [false, true] {
            let (loop, strategy) = session(.bracket, targetFirst: targetFirst)
            #expect(strategy.fills.map(\.price) == [Price(units: 10_000), Price(units: 9_500)])
            #expect(strategy.ended.count == 1 && strategy.ended[0].status == .cancelled)
            #expect(loop.engine.position(SymbolID(0)) == 0)
            runs.append(strategy.fills.map { var fill = $0; fill.orderID = OrderID(0); return fill })
        }
        #expect(runs[0] == runs[1])
    }

    @Test("reduce-only plain exits prevent the unintended short: the second expires with nothing to reduce")
    func regressionFixedByReduceOnly() {
        let (loop, strategy) = session(nil, reduceOnly: true)
        #expect(strategy.fills.map(\.price) == [Price(units: 10_000), Price(units: 9_500)])
        #expect(strategy.ended.map(\.status) == [.expired])
        #expect(loop.engine.position(SymbolID(0)) == 0)
    }
}
