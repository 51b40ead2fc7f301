import Testing
@testable import Engine
import SparkCore

/// A venue that answers what a test tells it to: the seam a live venue plugs into.
final class ScriptedVenue: Venue {
    var sent: [VenueCommand] = []
    var pending: [VenueEvent] = []

    func send(_ commands: [VenueCommand], phase: RoutingPhase, time: Int64) { sent += commands }
    func open(_ bar: Bar) -> Bool { !pending.isEmpty }
    func close(_ bar: Bar) -> Bool { !pending.isEmpty }
    var hasEvents: Bool { !pending.isEmpty }

    func drainEvents() -> [VenueEvent] {
        defer { pending.removeAll() }
        return pending
    }
}

@Suite("The venue seam: another venue plugs in, and what a live venue reports is handled")
struct VenueSeamTests {
    func session() -> (SessionLoop, ScriptedVenue, ScriptedStrategy) {
        let instrument = Instrument.fallback(symbol: "BTCUSDT")
        let engine = Engine(configuration: EngineConfiguration(initialCash: Money(10_000)!), symbols: SymbolTable(["BTCUSDT"]), instruments: [instrument])
        let venue = ScriptedVenue()
        let loop = SessionLoop(engine: engine, venue: venue)
        let strategy = ScriptedStrategy()
        loop.start(strategy, at: 0)
        return (loop, venue, strategy)
    }

    @Test("an unknown submit outcome keeps the order open, is recorded, and the order is never sent again")
    func unknownOutcomeNeverResubmits() {
        let (loop, venue, strategy) = session()
        strategy.onBar = { engine, _ in
            if strategy.bars == 1 { _ = engine.submit(symbol: SymbolID(0), side: .buy, kind: .limit, quantity: 0.1, price: 99) }
        }
        loop.step(bar(0, 100, 100, 100, 100))
        let id = OrderID(1)
        venue.pending = [.unknown(id, command: .submit, time: bar(1, 0, 0, 0, 0).time)]
        loop.step(bar(1, 100, 100, 100, 100))
        loop.step(bar(2, 100, 100, 100, 100))
        #expect(loop.engine.openOrders.map(\.id) == [id])
        #expect(venue.sent.filter { if case .submit = $0 { true } else { false } }.count == 1, "sent once, never again")
        #expect(loop.engine.decisions.contains { if case .unknown(id, .submit, _) = $0.event { true } else { false } })
        #expect(strategy.ended.isEmpty)
        // The query's answer arrives later: the order fills, once.
        venue.pending = [.filled(Fill(orderID: id, symbol: SymbolID(0), side: .buy, quantity: Quantity(units: 10_000), price: Price(units: 9_900), fee: .zero, time: bar(3, 0, 0, 0, 0).time, maker: true))]
        loop.step(bar(3, 100, 100, 100, 100))
        #expect(loop.engine.openOrders.isEmpty)
        #expect(loop.engine.position(SymbolID(0)) == 0.1)
    }

    @Test("a late fill for an order that already ended here is booked, recorded and not handed to the strategy twice")
    func lateFillIsBooked() {
        let (loop, venue, strategy) = session()
        strategy.onBar = { engine, _ in
            if strategy.bars == 1, case .success(let id) = engine.submit(symbol: SymbolID(0), side: .buy, kind: .limit, quantity: 0.1, price: 99) {
                engine.cancel(id)
            }
        }
        loop.step(bar(0, 100, 100, 100, 100))
        let id = OrderID(1)
        venue.pending = [.cancelled(id, reason: "cancelled by strategy", time: bar(1, 0, 0, 0, 0).time)]
        loop.step(bar(1, 100, 100, 100, 100))
        #expect(strategy.ended.map(\.status) == [.cancelled])
        // The exchange had filled it before the cancel landed: the fill arrives after the cancel.
        venue.pending = [.filled(Fill(orderID: id, symbol: SymbolID(0), side: .buy, quantity: Quantity(units: 10_000), price: Price(units: 9_900), fee: .zero, time: bar(2, 0, 0, 0, 0).time, maker: true))]
        loop.step(bar(2, 100, 100, 100, 100))
        #expect(loop.engine.position(SymbolID(0)) == 0.1, "the money moved, so the fill is booked")
        #expect(loop.engine.decisions.filter { if case .filled = $0.event { true } else { false } }.count == 1)
        #expect(strategy.fills.isEmpty, "the strategy was already told the order ended")
    }

    @Test("a partial fill keeps the order open with what is left; the completing fill ends it")
    func partialThenComplete() {
        let (loop, venue, strategy) = session()
        strategy.onBar = { engine, _ in
            if strategy.bars == 1 { _ = engine.submit(symbol: SymbolID(0), side: .buy, kind: .limit, quantity: 0.1, price: 99) }
        }
        loop.step(bar(0, 100, 100, 100, 100))
        let id = OrderID(1)
        let part = { (units: Int64, minute: Int64) in
            Fill(orderID: id, symbol: SymbolID(0), side: .buy, quantity: Quantity(units: units), price: Price(units: 9_900), fee: .zero, time: bar(minute, 0, 0, 0, 0).time, maker: true)
        }
        venue.pending = [.partiallyFilled(part(4_000, 1))]
        loop.step(bar(1, 100, 100, 100, 100))
        #expect(loop.engine.openOrders.first?.remaining == Quantity(units: 6_000))
        venue.pending = [.filled(part(6_000, 2))]
        loop.step(bar(2, 100, 100, 100, 100))
        #expect(loop.engine.openOrders.isEmpty)
        #expect(strategy.fills.count == 2)
        #expect(loop.engine.position(SymbolID(0)) == 0.1)
    }
}
