public import SparkCore

/// A deterministic venue that fills orders against bars; the venue of backtest and paper sessions.
///
/// It keeps its own book (cash, positions, working orders) from its own fills, as an exchange does,
/// and never reads the engine. The rules (docs/fills.md):
/// - An order works from the bar after the phase that sent it; a market order placed in `on_bar`
///   under ``FillModel/MarketFill/close`` fills at that bar's close instead.
/// - Market orders fill at the open, plus slippage.
/// - Limit orders fill once a bar trades at or through the limit: at the open when the bar gaps
///   through it (the better price), else at the limit, paying the maker fee.
/// - Stop orders trigger once a bar trades at or through the stop: at the open when the bar gaps
///   through it (the worse price), else at the stop, plus slippage, paying the taker fee.
/// - A fill the account cannot pay for (cash), or a sell beyond the position of a long-only
///   instrument, rejects the order with the reason.
public final class SimulatedVenue: Venue {
    public let model: FillModel
    let instruments: [Instrument]
    /// The venue's own account: what it checks fills against.
    private(set) var cash: Money
    private(set) var positions: [Int64]
    /// Orders working on this bar, in arrival order.
    private var working: [Order] = []
    /// Orders sent since their symbol's last bar opened: they work from its next bar.
    private var arriving: [Order] = []
    /// Market orders placed in `on_bar` under a fill-at-close model, waiting for that bar's close.
    private var atClose: [Order] = []
    private var lastClose: [Price?]
    private var events: [VenueEvent] = []

    public init(model: FillModel, instruments: [Instrument], cash: Money) {
        self.model = model
        self.instruments = instruments
        self.cash = cash
        self.positions = Array(repeating: 0, count: instruments.count)
        self.lastClose = Array(repeating: nil, count: instruments.count)
    }

    /// Orders accepted and not yet ended.
    public var restingCount: Int { working.count + arriving.count + atClose.count }

    public var hasEvents: Bool { !events.isEmpty }

    public func drainEvents() -> [VenueEvent] {
        guard !events.isEmpty else { return [] }
        defer { events.removeAll(keepingCapacity: true) }
        return events
    }

    public func send(_ commands: [VenueCommand], phase: RoutingPhase, time: Int64) {
        for command in commands {
            switch command {
            case .submit(let order):
                if phase == .closeOut, order.kind == .market {
                    closeOut(order, time: time)
                } else if order.kind == .market, phase == .afterBar, model.marketFill == .close {
                    atClose.append(order)
                } else {
                    arriving.append(order)
                }
            case .cancel(let id, let reason):
                if remove(id, from: &arriving) || remove(id, from: &working) || remove(id, from: &atClose) {
                    events.append(.cancelled(id, reason: reason, time: time))
                }
            }
        }
    }

    private func remove(_ id: OrderID, from list: inout [Order]) -> Bool {
        guard let slot = list.firstIndex(where: { $0.id == id }) else { return false }
        list.remove(at: slot)
        return true
    }

    public func open(_ bar: Bar) {
        if !arriving.isEmpty { activate(bar.symbol) }
        guard !working.isEmpty else { return }
        let instrument = instruments[Int(bar.symbol.rawValue)]
        guard let open = instrument.price(bar.open), let high = instrument.price(bar.high), let low = instrument.price(bar.low) else { return }
        var index = 0
        while index < working.count {
            let order = working[index]
            guard order.symbol == bar.symbol, let execution = execution(of: order, open: open, high: high, low: low, instrument: instrument) else {
                index += 1
                continue
            }
            working.remove(at: index)
            settle(order, price: execution.price, maker: execution.maker, time: bar.time, instrument: instrument, checked: true)
        }
    }

    /// Moves the orders that arrived for `symbol` into the working list, keeping arrival order.
    private func activate(_ symbol: SymbolID) {
        var kept: [Order] = []
        for order in arriving {
            if order.symbol == symbol { working.append(order) } else { kept.append(order) }
        }
        arriving = kept
    }

    public func close(_ bar: Bar) {
        let instrument = instruments[Int(bar.symbol.rawValue)]
        lastClose[Int(bar.symbol.rawValue)] = instrument.price(bar.close)
        guard !atClose.isEmpty else { return }
        var index = 0
        while index < atClose.count {
            let order = atClose[index]
            guard order.symbol == bar.symbol else {
                index += 1
                continue
            }
            atClose.remove(at: index)
            guard let price = instrument.price(bar.close) else { continue }
            settle(order, price: slipped(price, side: order.side, instrument: instrument), maker: false, time: bar.time, instrument: instrument, checked: true)
        }
    }

    /// The end-of-run close: at the last close, taker fee, no slippage and no affordability check
    /// (it is accounting, as backtesting.py's `finalize_trades`).
    private func closeOut(_ order: Order, time: Int64) {
        let instrument = instruments[Int(order.symbol.rawValue)]
        guard let price = lastClose[Int(order.symbol.rawValue)] else {
            events.append(.rejected(order.id, reason: "no close seen for \(instrument.symbol) to close out at", time: time))
            return
        }
        settle(order, price: price, maker: false, time: time, instrument: instrument, checked: false)
    }

    private func execution(of order: Order, open: Price, high: Price, low: Price, instrument: Instrument) -> (price: Price, maker: Bool)? {
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
            guard let stop = order.trigger else { return nil }
            if order.side == .buy {
                if open >= stop { return (slipped(open, side: .buy, instrument: instrument), false) }
                if high >= stop { return (slipped(stop, side: .buy, instrument: instrument), false) }
            } else {
                if open <= stop { return (slipped(open, side: .sell, instrument: instrument), false) }
                if low <= stop { return (slipped(stop, side: .sell, instrument: instrument), false) }
            }
            return nil
        default:
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

    /// Fills what remains of `order` at `price` if the book can pay for it, else rejects it.
    private func settle(_ order: Order, price: Price, maker: Bool, time: Int64, instrument: Instrument, checked: Bool) {
        let quantity = order.remaining
        guard let notional = instrument.notional(price, quantity) else {
            events.append(.rejected(order.id, reason: "notional overflows the account's fixed-point range", time: time))
            return
        }
        let fee = Instrument.fee(notional, bps: maker ? model.makerFeeBps : model.takerFeeBps)
        if checked, let reason = affordability(order.side, symbol: order.symbol, quantity: quantity, notional: notional, fee: fee, instrument: instrument) {
            events.append(.rejected(order.id, reason: reason, time: time))
            return
        }
        let index = Int(order.symbol.rawValue)
        positions[index] += order.side.sign * quantity.units
        cash = order.side == .buy ? cash - notional - fee : cash + notional - fee
        events.append(.filled(Fill(orderID: order.id, symbol: order.symbol, side: order.side, quantity: quantity, price: price, fee: fee, time: time, maker: maker)))
    }

    private func affordability(_ side: Side, symbol: SymbolID, quantity: Quantity, notional: Money, fee: Money, instrument: Instrument) -> String? {
        let position = positions[Int(symbol.rawValue)]
        switch side {
        case .buy:
            // Buying back a short releases no cash here, so only the part that adds long exposure needs cash.
            let cost = notional + fee
            if position >= 0, cost > cash {
                return "insufficient cash: needs \(cost) \(instrument.quote) including fee, has \(cash)"
            }
        case .sell:
            if !instrument.allowShort, quantity.units > position {
                return "insufficient position: sell \(instrument.format(quantity)) \(instrument.symbol) but hold \(instrument.format(Quantity(units: position))); \(instrument.symbol) is long-only"
            }
            if fee > cash + notional {
                return "insufficient cash for the fee of \(fee) \(instrument.quote)"
            }
        }
        return nil
    }
}
