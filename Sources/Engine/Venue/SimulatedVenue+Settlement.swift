import SparkCore

/// Fills and endings: how much of an order fills (volume cap, reduce-only, FOK), whether the account
/// can pay, and what a fill or an ending does to the orders tied to it (OCO siblings, bracket exits).
extension SimulatedVenue {
    /// How an order leaves the book without filling (completely).
    enum Ending {
        case cancelled, expired, rejected

        var word: String {
            switch self {
            case .cancelled: "was cancelled"
            case .expired: "expired"
            case .rejected: "was rejected"
            }
        }
    }

    /// Fills as much of the order at `slot` as the volume cap, reduce-only and FOK allow, at `price`,
    /// if the account can pay; then cancels its OCO sibling and releases its bracket exits.
    func execute(_ slot: Int, price: Price, maker: Bool, time: Int64, instrument: Instrument) {
        let order = book[slot].order
        var quantity = order.remaining
        if let budget { quantity = Quantity(units: min(quantity.units, budget)) }
        var cut = false
        if order.reduceOnly {
            let position = positions[Int(order.symbol.rawValue)]
            let reducible = order.side == .buy ? max(0, -position) : max(0, position)
            if reducible == 0 {
                end(slot, .expired, reason: "reduce-only: no \(order.side == .sell ? "long" : "short") position to reduce", time: time)
                return
            }
            if reducible < quantity.units {
                quantity = Quantity(units: reducible)
                cut = true
            }
        }
        if order.timeInForce == .fok, quantity < order.remaining {
            let reason = "FOK: only \(instrument.format(quantity)) of \(instrument.format(order.remaining)) could fill on the bar it worked"
            end(slot, .expired, reason: reason, time: time)
            return
        }
        guard quantity.units > 0 else { return }
        guard let notional = instrument.notional(price, quantity) else {
            end(slot, .rejected, reason: "notional overflows the account's fixed-point range", time: time)
            return
        }
        let fee = Instrument.fee(notional, bps: maker ? model.makerFeeBps : model.takerFeeBps)
        if let reason = affordability(order.side, symbol: order.symbol, quantity: quantity, notional: notional, fee: fee, instrument: instrument) {
            end(slot, .rejected, reason: reason, time: time)
            return
        }
        post(order.side, quantity: quantity, notional: notional, fee: fee, symbol: order.symbol)
        if let budget { self.budget = budget - quantity.units }
        book[slot].order.filled = order.filled + quantity
        let fill = Fill(orderID: order.id, symbol: order.symbol, side: order.side, quantity: quantity, price: price, fee: fee, time: time, maker: maker)
        let complete = book[slot].order.remaining.units <= 0
        if complete {
            book.remove(at: slot)
            events.append(.filled(fill))
        } else {
            events.append(.partiallyFilled(fill))
        }
        if let sibling = order.sibling {
            // The pair is over: unlink both legs first, so the cancel does not reach back to the leg that filled.
            if !complete { book[slot].order.sibling = nil }
            unlink(sibling)
            endOrder(sibling, .cancelled, reason: "OCO: order \(order.id) \(complete ? "filled" : "partly filled")", time: time)
        }
        if complete {
            release(order.id, at: price, time: time, instrument: instrument)
        } else if cut {
            let reason = "reduce-only: cut to the position; \(instrument.format(order.remaining - quantity)) would have opened one"
            endOrder(order.id, .expired, reason: reason, time: time)
        }
    }

    /// The exits of a bracket whose entry `parent` has filled completely start working at `price`.
    private func release(_ parent: OrderID, at price: Price, time: Int64, instrument: Instrument) {
        var index = 0
        while index < book.count {
            guard book[index].order.parent == parent, book[index].held else {
                index += 1
                continue
            }
            book[index].held = false
            if book[index].pending {
                // The exits arrived after this bar opened: they work from the next bar, like any new order.
                index += 1
                continue
            }
            if start(index, at: price, time: time, instrument: instrument) {
                index += 1
            } else {
                index = 0
            }
        }
    }

    /// Ends the order with `id` if it is on the book (see ``end(_:_:reason:time:)``).
    func endOrder(_ id: OrderID, _ ending: Ending, reason: String, time: Int64) {
        guard let slot = book.firstIndex(where: { $0.order.id == id }) else { return }
        end(slot, ending, reason: reason, time: time)
    }

    /// Takes the order at `slot` off the book with `reason`; its OCO sibling is cancelled (an order
    /// list ends together, as on Binance) and so are its bracket exits, which can no longer start.
    func end(_ slot: Int, _ ending: Ending, reason: String, time: Int64) {
        let order = book.remove(at: slot).order
        switch ending {
        case .cancelled: events.append(.cancelled(order.id, reason: reason, time: time))
        case .expired: events.append(.expired(order.id, reason: reason, time: time))
        case .rejected: events.append(.rejected(order.id, reason: reason, time: time))
        }
        if let sibling = order.sibling {
            endOrder(sibling, .cancelled, reason: "OCO: order \(order.id) \(ending.word)", time: time)
        }
        let exits = book.filter { $0.order.parent == order.id }.map(\.order.id)
        for exit in exits { unlink(exit) }
        for exit in exits {
            let filled = order.filled.units > 0 ? "after filling only in part" : "before filling"
            endOrder(exit, .cancelled, reason: "bracket: entry \(order.id) \(ending.word) \(filled)", time: time)
        }
    }

    /// Forgets the OCO sibling of the order with `id`, so ending it ends it alone.
    private func unlink(_ id: OrderID) {
        if let slot = book.firstIndex(where: { $0.order.id == id }) { book[slot].order.sibling = nil }
    }

    /// Moves a price against the taker by the model's bps and ticks, rounded outward to the tick.
    func slipped(_ price: Price, side: Side, instrument: Instrument) -> Price {
        guard model.slippageBps != 0 || model.slippageTicks != 0 else { return price }
        let tick = Double(instrument.tick)
        let bps = Double(price.units) * model.slippageBps / 10_000
        let ticks = (bps / tick).rounded(.up) * tick + Double(model.slippageTicks * instrument.tick)
        let units = price.units + side.sign * Int64(ticks)
        return Price(units: max(instrument.tick, units))
    }

    /// Why the venue's account cannot take this fill, or nil.
    func affordability(_ side: Side, symbol: SymbolID, quantity: Quantity, notional: Money, fee: Money, instrument: Instrument) -> String? {
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
