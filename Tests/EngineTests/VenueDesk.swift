@testable import Engine
import SparkCore

/// Drives a `SimulatedVenue` directly: orders in, bars, events out as short readable lines.
///
/// One BTCUSDT-like instrument (tick 0.01, step 0.00001). Bars are numbered by minute from
/// 2024-01-01; `send` routes between bars, so an order works from the next bar.
final class VenueDesk {
    let venue: SimulatedVenue
    let instrument: Instrument
    private var nextID: Int64 = 1
    static let start: Int64 = 1_704_067_200_000

    init(cash: Double = 10_000, model: FillModel = FillModel(), short: Bool = false, position: Double = 0) {
        var instrument = Instrument.fallback(symbol: "BTCUSDT")
        instrument.allowShort = short
        self.instrument = instrument
        venue = SimulatedVenue(model: model, instruments: [instrument], cash: Money(cash)!)
        venue.positions[0] = Int64((position * 100_000).rounded())
    }

    static func time(_ minute: Int64) -> Int64 { start + minute * 60_000 }

    /// An order with the next id; prices and quantities as decimals.
    func order(
        _ side: Side, _ kind: OrderKind, qty: Double, limit: Double? = nil, trigger: Double? = nil, tif: TimeInForce = .gtc,
        postOnly: Bool = false, reduceOnly: Bool = false, trail: Trail? = nil
    ) -> Order {
        var order = Order(
            id: OrderID(nextID), symbol: SymbolID(0), side: side, kind: kind, quantity: Quantity(units: Int64((qty * 100_000).rounded())),
            price: limit.map { price($0) }, trigger: trigger.map { price($0) }, createdAt: 0
        )
        nextID += 1
        order.timeInForce = tif
        order.postOnly = postOnly
        order.reduceOnly = reduceOnly
        order.trail = trail
        return order
    }

    func price(_ value: Double) -> Price { Price(units: Int64((value * 100).rounded())) }

    /// Two orders tied as an OCO pair.
    func oco(_ first: Order, _ second: Order) -> [Order] {
        var first = first, second = second
        first.sibling = second.id
        second.sibling = first.id
        return [first, second]
    }

    /// An entry and its exits, tied as the engine ties a bracket.
    func bracket(_ entry: Order, _ exits: Order...) -> [Order] {
        var list = [entry]
        for var exit in exits {
            exit.parent = entry.id
            exit.reduceOnly = true
            list.append(exit)
        }
        if list.count == 3 {
            list[1].sibling = list[2].id
            list[2].sibling = list[1].id
        }
        return list
    }

    func send(_ orders: [Order], phase: RoutingPhase = .betweenBars, minute: Int64 = -1) {
        venue.send(orders.map { .submit($0) }, phase: phase, time: Self.time(minute))
    }

    func send(_ orders: Order..., phase: RoutingPhase = .betweenBars) { send(orders, phase: phase) }

    func cancel(_ id: Int64, minute: Int64 = 0) -> [String] {
        venue.send([.cancel(OrderID(id), reason: "cancelled by strategy")], phase: .betweenBars, time: Self.time(minute))
        return venue.drainEvents().map(describe)
    }

    /// One bar (open and close), and what the venue reported during it.
    @discardableResult
    func bar(_ minute: Int64, _ open: Double, _ high: Double, _ low: Double, _ close: Double, volume: Double = 1_000) -> [String] {
        let bar = Bar(symbol: SymbolID(0), time: Self.time(minute), open: open, high: high, low: low, close: close, volume: volume)
        venue.open(bar)
        venue.close(bar)
        return venue.drainEvents().map(describe)
    }

    var position: Double { Double(venue.positions[0]) / 100_000 }
    var cash: Double { venue.cash.doubleValue }

    /// "fill #1 sell 1 @ 95 taker", "part #1 …", "cancel #2: reason", "expire #3: reason", "reject #4: reason".
    func describe(_ event: VenueEvent) -> String {
        switch event {
        case .filled(let fill): "fill #\(fill.orderID) \(fill.side.rawValue) \(number(instrument.double(fill.quantity))) @ \(number(instrument.double(fill.price))) \(fill.maker ? "maker" : "taker")"
        case .partiallyFilled(let fill): "part #\(fill.orderID) \(fill.side.rawValue) \(number(instrument.double(fill.quantity))) @ \(number(instrument.double(fill.price))) \(fill.maker ? "maker" : "taker")"
        case .cancelled(let id, let reason, _): "cancel #\(id): \(reason)"
        case .expired(let id, let reason, _): "expire #\(id): \(reason)"
        case .rejected(let id, let reason, _): "reject #\(id): \(reason)"
        case .accepted(let id, _): "accept #\(id)"
        case .unknown(let id, _, _): "unknown #\(id)"
        }
    }

    private func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int64(value)) : String(value)
    }
}
