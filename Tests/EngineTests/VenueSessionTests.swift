import Foundation
import Testing
@testable import Engine
import SparkCore

/// The new venue behaviour as the engine and a strategy see it, and the fill model's record.
@Suite("Venue terms through the session loop")
struct VenueSessionTests {
    @Test("an IOC order partly filled under the volume cap reaches the strategy as a fill, then an expiry with what filled")
    func iocThroughTheEngine() {
        let loop = makeLoop(model: FillModel(volumeShare: 0.5))
        let strategy = ScriptedStrategy()
        strategy.onBar = { engine, bar in
            if bar.time == VenueDesk.time(0) {
                _ = engine.submit(OrderRequest(symbol: SymbolID(0), side: .buy, kind: .limit, quantity: 1, price: 100, timeInForce: .ioc))
            }
        }
        loop.start(strategy, at: 0)
        loop.step(bar(0, 101, 101, 101, 101))
        loop.step(bar(1, 101, 101, 99, 100))  // volume 1: half the order fits
        #expect(strategy.fills.map(\.quantity) == [Quantity(units: 50_000)])
        #expect(strategy.ended.map(\.status) == [.expired])
        #expect(strategy.ended.first?.filled == Quantity(units: 50_000))
        #expect(loop.engine.openOrders.isEmpty)
        #expect(loop.engine.position(SymbolID(0)) == 0.5)
    }

    @Test("a GTD order placed by a strategy expires at its time and the strategy hears why")
    func gtdThroughTheEngine() {
        let loop = makeLoop()
        let strategy = ScriptedStrategy()
        strategy.onBar = { engine, bar in
            if bar.time == VenueDesk.time(0) {
                _ = engine.submit(OrderRequest(symbol: SymbolID(0), side: .buy, kind: .limit, quantity: 1, price: 90, timeInForce: .gtd(VenueDesk.time(2))))
            }
        }
        loop.start(strategy, at: 0)
        for minute in 0...3 { loop.step(bar(Int64(minute), 100, 101, 99, 100)) }
        #expect(strategy.ended.map(\.status) == [.expired])
        #expect(strategy.ended.first?.reason?.hasPrefix("GTD:") == true)
    }

    @Test("the same orders and bars give identical events, run after run")
    func deterministic() {
        func run() -> [String] {
            let desk = VenueDesk(model: FillModel(volumeShare: 0.2), short: true, position: 1)
            desk.send(desk.oco(desk.order(.sell, .stop, qty: 1, trigger: 95), desk.order(.sell, .limit, qty: 1, limit: 108)))
            desk.send(desk.order(.buy, .trailingStop, qty: 0.5, trail: .bps(50)), desk.order(.buy, .limit, qty: 2, limit: 97, tif: .ioc))
            var events: [String] = []
            for (minute, open) in [100.0, 97, 94, 99, 103].enumerated() {
                events += desk.bar(Int64(minute), open, open + 3, open - 4, open + 1, volume: 4)
            }
            return events
        }
        let first = run()
        #expect(!first.isEmpty)
        #expect(run() == first)
    }

    @Test("a fill model recorded before the new settings existed reads with their defaults")
    func oldFillModelDecodes() throws {
        let old = #"{"market_fill":"close","maker_fee_bps":1,"taker_fee_bps":2,"slippage_bps":0.5,"slippage_ticks":1}"#
        let model = try JSONDecoder().decode(FillModel.self, from: Data(old.utf8))
        #expect(model == FillModel(marketFill: .close, makerFeeBps: 1, takerFeeBps: 2, slippageBps: 0.5, slippageTicks: 1))
        #expect(model.intrabar == .adverse && model.volumeShare == 0 && model.latencyBars == 0)
        let round = try JSONDecoder().decode(FillModel.self, from: JSONEncoder().encode(FillModel(intrabar: .nearest, volumeShare: 0.1, latencyBars: 2)))
        #expect(round == FillModel(intrabar: .nearest, volumeShare: 0.1, latencyBars: 2))
    }
}
