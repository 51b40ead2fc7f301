public import SparkCore

/// A deterministic venue that fills orders against bars; the venue of backtest and paper sessions.
///
/// It keeps its own book (cash, positions, working orders) from its own fills, as an exchange does,
/// and never reads the engine. docs/fills.md is the reference for its rules; in short:
/// - An order works from the bar after the phase that sent it (plus ``FillModel/latencyBars``); a
///   market order placed in `on_bar` under ``FillModel/MarketFill/close`` fills at that bar's close.
/// - Each bar is walked open → first extreme → second extreme → close (``FillModel/intrabar``); the
///   orders it reaches act in the order they are reached, never in the order they were placed, and
///   each fill's account check sees the fills before it.
/// - Market orders fill at the open, plus slippage; limits at the open when the bar gaps through
///   them (the better price), else at the limit (maker); stops at the open when the bar gaps
///   through them (the worse price), else at the trigger, plus slippage (taker).
/// - Time in force, post-only, reduce-only, OCO pairs, brackets, trailing stops and a volume cap
///   shared by all of a symbol's fills on a bar (partial fills) as docs/fills.md describes.
/// - A fill the account cannot pay for (cash), or a sell beyond the position of a long-only
///   instrument, rejects the order with the reason.
public final class SimulatedVenue: Venue {
    public let model: FillModel
    let instruments: [Instrument]
    /// The venue's own account: what it checks fills against.
    var cash: Money
    var positions: [Int64]
    /// Orders accepted and not ended (working, waiting for their first bar, or held by a bracket), in arrival order.
    var book: [RestingOrder] = []
    /// Market orders placed in `on_bar` under a fill-at-close model, waiting for that bar's close.
    var atClose: [Order] = []
    /// The last close seen per symbol, as the bar gave it: put on the grid only when a close-out needs it.
    var lastClose: [Double]
    var events: [VenueEvent] = []
    /// What the volume cap still allows on the current bar, in quantity units; nil when uncapped.
    var budget: Int64?

    public init(model: FillModel, instruments: [Instrument], cash: Money) {
        self.model = model
        self.instruments = instruments
        self.cash = cash
        self.positions = Array(repeating: 0, count: instruments.count)
        self.lastClose = Array(repeating: .nan, count: instruments.count)
    }

    /// Orders accepted and not yet ended.
    public var restingCount: Int { book.count + atClose.count }

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
                if let problem = Self.malformation(order) {
                    events.append(.rejected(order.id, reason: problem, time: time))
                } else if phase == .closeOut, order.kind == .market {
                    closeOut(order, time: time)
                } else if order.kind == .market, phase == .afterBar, model.marketFill == .close, model.latencyBars == 0 {
                    atClose.append(order)
                } else {
                    book.append(RestingOrder(order, wait: model.latencyBars))
                }
            case .cancel(let id, let reason):
                if let slot = atClose.firstIndex(where: { $0.id == id }) {
                    atClose.remove(at: slot)
                    events.append(.cancelled(id, reason: reason, time: time))
                } else if let slot = book.firstIndex(where: { $0.order.id == id }) {
                    end(slot, .cancelled, reason: reason, time: time)
                }
            }
        }
    }

    /// What makes an order unworkable here (a price its kind needs is missing), or nil. The engine
    /// never sends such an order; the venue refuses it rather than trust that.
    static func malformation(_ order: Order) -> String? {
        if order.kind.hasLimit, order.price == nil { return "a \(order.kind.rawValue) order without a limit price" }
        if order.kind == .trailingStop { return order.trail == nil ? "a trailing_stop without a trail" : nil }
        if order.kind.hasTrigger, order.trigger == nil { return "a \(order.kind.rawValue) order without a trigger price" }
        if order.remaining.units <= 0 { return "nothing left to fill" }
        return nil
    }

    @discardableResult
    public func open(_ bar: Bar) -> Bool {
        guard !book.isEmpty else { return !events.isEmpty }
        let instrument = instruments[Int(bar.symbol.rawValue)]
        guard let open = instrument.price(bar.open), let high = instrument.price(bar.high), let low = instrument.price(bar.low),
              let close = instrument.price(bar.close) else { return !events.isEmpty }
        admit(bar)
        budget = volumeBudget(bar, instrument: instrument)
        walk(bar, open: open, high: high, low: low, close: close, instrument: instrument)
        finishBar(bar, high: high, low: low, instrument: instrument)
        return !events.isEmpty
    }

    @discardableResult
    public func close(_ bar: Bar) -> Bool {
        lastClose[Int(bar.symbol.rawValue)] = bar.close
        guard !atClose.isEmpty else {
            budget = nil
            return !events.isEmpty
        }
        defer { budget = nil }
        let instrument = instruments[Int(bar.symbol.rawValue)]
        if budget == nil { budget = volumeBudget(bar, instrument: instrument) }
        var index = 0
        while index < atClose.count {
            let order = atClose[index]
            guard order.symbol == bar.symbol else {
                index += 1
                continue
            }
            atClose.remove(at: index)
            guard let price = instrument.price(bar.close) else { continue }
            book.append(RestingOrder(order, wait: 0))
            book[book.count - 1].pending = false
            execute(book.count - 1, price: slipped(price, side: order.side, instrument: instrument), maker: false, time: bar.time, instrument: instrument)
            // What the volume cap left unfilled works from the next bar, as a market order sent now would.
            if let slot = book.firstIndex(where: { $0.order.id == order.id }) {
                if order.timeInForce == .ioc {
                    end(slot, .expired, reason: "IOC: \(instrument.format(book[slot].order.remaining)) unfilled at the close it was sent for", time: bar.time)
                } else {
                    book[slot].pending = true
                }
            }
        }
        return !events.isEmpty
    }

    /// The end-of-run close: at the last close, taker fee, no slippage, no volume cap and no
    /// affordability check (it is accounting, as backtesting.py's `finalize_trades`).
    private func closeOut(_ order: Order, time: Int64) {
        let instrument = instruments[Int(order.symbol.rawValue)]
        guard let price = instrument.price(lastClose[Int(order.symbol.rawValue)]) else {
            events.append(.rejected(order.id, reason: "no close seen for \(instrument.symbol) to close out at", time: time))
            return
        }
        let quantity = order.remaining
        guard let notional = instrument.notional(price, quantity) else {
            events.append(.rejected(order.id, reason: "notional overflows the account's fixed-point range", time: time))
            return
        }
        let fee = Instrument.fee(notional, bps: model.takerFeeBps)
        post(order.side, quantity: quantity, notional: notional, fee: fee, symbol: order.symbol)
        events.append(.filled(Fill(orderID: order.id, symbol: order.symbol, side: order.side, quantity: quantity, price: price, fee: fee, time: time, maker: false)))
    }

    /// Moves cash and the position for one fill.
    func post(_ side: Side, quantity: Quantity, notional: Money, fee: Money, symbol: SymbolID) {
        positions[Int(symbol.rawValue)] += side.sign * quantity.units
        cash = side == .buy ? cash - notional - fee : cash + notional - fee
    }

    /// The quantity the volume cap lets all of `bar`'s fills take together, on the instrument's step;
    /// nil when there is no cap.
    private func volumeBudget(_ bar: Bar, instrument: Instrument) -> Int64? {
        guard model.volumeShare > 0 else { return nil }
        let units = (model.volumeShare * bar.volume * Double(FixedFormat.power(instrument.quantityDecimals))).rounded(.down)
        guard units.isFinite, units > 0 else { return 0 }
        guard units < Double(Instrument.maxUnits) else { return nil }
        return Int64(units) / instrument.step * instrument.step
    }
}
