public import SparkCore

/// A deterministic venue that fills orders against bars; shared by the backtest and paper drivers.
///
/// - Market orders fill at the next bar's open (or this bar's close, per ``FillModel``), plus slippage.
/// - Limit orders fill once a later bar trades at or through the limit: at the open when the bar gaps
///   through it (the better price), else at the limit, paying the maker fee.
/// - Stop orders trigger once a later bar trades at or through the stop: at the open when the bar gaps
///   through it (the worse price), else at the stop, plus slippage, paying the taker fee.
/// - A fill the account cannot pay for (cash), or a sell beyond the position of a long-only
///   instrument, rejects the order with the reason. There are no partial fills.
public final class SimulatedVenue {
    public let model: FillModel
    private var resting: [Order] = []
    /// Market orders waiting for the close of the bar they were submitted on.
    private var atClose: [Order] = []
    private var events: [EngineEvent] = []

    public init(model: FillModel) {
        self.model = model
    }

    public var restingCount: Int { resting.count + atClose.count }

    /// Takes the engine's commands. Market orders wait for the next bar (or this bar's close).
    public func accept(_ commands: [EngineCommand], time: Int64) -> [EngineEvent] {
        events.removeAll(keepingCapacity: true)
        for command in commands {
            switch command {
            case .submit(let order):
                if order.kind == .market && model.marketFill == .close {
                    atClose.append(order)
                } else {
                    resting.append(order)
                }
            case .cancel(let id):
                if let slot = resting.firstIndex(where: { $0.id == id }) {
                    resting.remove(at: slot)
                    events.append(.orderUpdate(OrderUpdate(orderID: id, status: .cancelled, reason: "cancelled by strategy", time: time)))
                } else if let slot = atClose.firstIndex(where: { $0.id == id }) {
                    atClose.remove(at: slot)
                    events.append(.orderUpdate(OrderUpdate(orderID: id, status: .cancelled, reason: "cancelled by strategy", time: time)))
                }
            }
        }
        return events
    }

    /// Fills at a bar's open and inside its range, before the strategy sees the bar.
    ///
    /// Each outcome is delivered at once, so the next fill is checked against the account as it
    /// stands after the ones before it.
    @inline(__always)
    public func open(_ bar: Bar, engine: Engine, deliver: (EngineEvent) -> Void) {
        guard !resting.isEmpty else { return }
        var index = 0
        while index < resting.count {
            let order = resting[index]
            guard order.symbol == bar.symbol, let execution = execution(of: order, on: bar, engine: engine) else {
                index += 1
                continue
            }
            resting.remove(at: index)
            deliver(settle(order, price: execution.price, maker: execution.maker, time: bar.time, engine: engine))
        }
    }

    /// Fills market orders at this bar's close when the model says so (after the strategy saw the bar).
    @inline(__always)
    public func close(_ bar: Bar, engine: Engine, deliver: (EngineEvent) -> Void) {
        guard !atClose.isEmpty else { return }
        var index = 0
        while index < atClose.count {
            let order = atClose[index]
            guard order.symbol == bar.symbol else {
                index += 1
                continue
            }
            atClose.remove(at: index)
            let instrument = engine.instruments[Int(order.symbol.rawValue)]
            guard let price = instrument.price(bar.close) else { continue }
            deliver(settle(order, price: slipped(price, side: order.side, instrument: instrument), maker: false, time: bar.time, engine: engine))
        }
    }

    private func execution(of order: Order, on bar: Bar, engine: Engine) -> (price: Price, maker: Bool)? {
        let instrument = engine.instruments[Int(order.symbol.rawValue)]
        guard let open = instrument.price(bar.open), let high = instrument.price(bar.high), let low = instrument.price(bar.low) else {
            return nil
        }
        switch order.kind {
        case .market:
            return (slipped(open, side: order.side, instrument: instrument), false)
        case .limit:
            guard let limit = order.price else { return nil }
            if order.side == .buy {
                if open <= limit { return (open, false) }
                if low <= limit { return (limit, true) }
            } else {
                if open >= limit { return (open, false) }
                if high >= limit { return (limit, true) }
            }
            return nil
        case .stop:
            guard let stop = order.price else { return nil }
            if order.side == .buy {
                if open >= stop { return (slipped(open, side: .buy, instrument: instrument), false) }
                if high >= stop { return (slipped(stop, side: .buy, instrument: instrument), false) }
            } else {
                if open <= stop { return (slipped(open, side: .sell, instrument: instrument), false) }
                if low <= stop { return (slipped(stop, side: .sell, instrument: instrument), false) }
            }
            return nil
        }
    }

    /// Moves a price against the taker by the model's bps and ticks, rounded outward to the tick.
    private func slipped(_ price: Price, side: Side, instrument: Instrument) -> Price {
        guard model.slippageBps != 0 || model.slippageTicks != 0 else { return price }
        let tick = Double(instrument.tick)
        let bps = Double(price.units) * model.slippageBps / 10_000
        let ticks = (bps / tick).rounded(.up) * tick + Double(model.slippageTicks * instrument.tick)
        let units = price.units + side.sign * Int64(ticks)
        return Price(units: max(instrument.tick, units))
    }

    private func settle(_ order: Order, price: Price, maker: Bool, time: Int64, engine: Engine) -> EngineEvent {
        let instrument = engine.instruments[Int(order.symbol.rawValue)]
        guard let notional = instrument.notional(price, order.remaining) else {
            return .orderUpdate(OrderUpdate(orderID: order.id, status: .rejected, reason: "notional overflows the account's fixed-point range", time: time))
        }
        let fee = Instrument.fee(notional, bps: maker ? model.makerFeeBps : model.takerFeeBps)
        if let reason = affordability(order, notional: notional, fee: fee, instrument: instrument, engine: engine) {
            return .orderUpdate(OrderUpdate(orderID: order.id, status: .rejected, reason: reason, time: time))
        }
        return .fill(Fill(orderID: order.id, symbol: order.symbol, side: order.side, quantity: order.remaining, price: price, fee: fee, time: time, maker: maker))
    }

    private func affordability(_ order: Order, notional: Money, fee: Money, instrument: Instrument, engine: Engine) -> String? {
        let position = engine.portfolio.positions[Int(order.symbol.rawValue)]
        switch order.side {
        case .buy:
            // Buying back a short releases no cash here, so only the part that adds long exposure needs cash.
            let cost = notional + fee
            if position >= 0, cost > engine.portfolio.cash {
                return "insufficient cash: needs \(cost) \(instrument.quote) including fee, has \(engine.portfolio.cash)"
            }
        case .sell:
            if !instrument.allowShort, order.remaining.units > position {
                return "insufficient position: sell \(instrument.format(order.remaining)) \(instrument.symbol) but hold \(instrument.format(Quantity(units: position))); \(instrument.symbol) is long-only"
            }
            if fee > engine.portfolio.cash + notional {
                return "insufficient cash for the fee of \(fee) \(instrument.quote)"
            }
        }
        return nil
    }
}
