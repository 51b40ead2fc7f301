import SparkCore

/// Walking one bar: which orders start working, the path the price takes through the bar, and what
/// each order does when the path reaches it (docs/fills.md, "Intra-bar rules").
extension SimulatedVenue {
    /// Orders sent before this bar that have waited their latency start working; orders good till a
    /// time at or before the bar's expire.
    func admit(_ bar: Bar) {
        var expired: [(OrderID, Int64)] = []
        for index in book.indices where book[index].order.symbol == bar.symbol {
            if book[index].pending {
                if book[index].wait > 0 {
                    book[index].wait -= 1
                } else {
                    book[index].pending = false
                }
            }
            if case .gtd(let until) = book[index].order.timeInForce, bar.time >= until {
                expired.append((book[index].order.id, until))
            }
        }
        for (id, until) in expired {
            endOrder(id, .expired, reason: "GTD: good till \(until), expired at the bar of \(bar.time)", time: bar.time)
        }
    }

    /// Walks `bar`: the open first, then (with the position the open's fills left) the two extremes
    /// in the order ``FillModel/intrabar`` gives, then the close.
    func walk(_ bar: Bar, open: Price, high: Price, low: Price, close: Price, instrument: Instrument) {
        var index = 0
        while index < book.count {
            if book[index].order.symbol == bar.symbol, book[index].live, !book[index].started {
                if !start(index, at: open, time: bar.time, instrument: instrument) {
                    // A rejection may have ended its OCO sibling too: look again from the start.
                    index = 0
                    continue
                }
            }
            index += 1
        }
        sweep(bar.symbol, from: open, to: open, atOpen: true, time: bar.time, instrument: instrument)
        let highFirst = BarPath.highFirst(model.intrabar, position: positions[Int(bar.symbol.rawValue)], open: open, high: high, low: low)
        let path = BarPath(open: open, high: high, low: low, close: close, highFirst: highFirst)
        for leg in 1...3 {
            let (from, to) = path.segment(leg)
            sweep(bar.symbol, from: from, to: to, atOpen: false, time: bar.time, instrument: instrument)
        }
    }

    /// Starts the order at `slot` working at `price`: its first bar begins, a trailing stop takes its
    /// first trigger, and a post-only order that would take liquidity here is rejected. Returns false
    /// when it was rejected (and so left the book).
    @discardableResult
    func start(_ slot: Int, at price: Price, time: Int64, instrument: Instrument) -> Bool {
        book[slot].started = true
        book[slot].firstBar = true
        let order = book[slot].order
        if order.kind == .trailingStop, let trail = order.trail {
            let distance = trailDistance(trail, from: price, instrument: instrument)
            book[slot].best = price
            book[slot].trailTrigger = order.trigger ?? Price(units: order.side == .sell ? max(instrument.tick, price.units - distance) : price.units + distance)
        }
        if order.postOnly, let limit = order.price, book[slot].touch(from: price, to: price) != nil {
            let reason = "post-only: the \(order.side.rawValue) limit \(instrument.format(limit)) would take liquidity at \(instrument.format(price))"
            end(slot, .rejected, reason: reason, time: time)
            return false
        }
        return true
    }

    /// Moves along one segment of the path, acting on each order in the order the move reaches it.
    private func sweep(_ symbol: SymbolID, from: Price, to: Price, atOpen: Bool, time: Int64, instrument: Instrument) {
        var current = from
        while let (slot, at) = next(symbol, from: current, to: to) {
            current = at
            act(slot, at: at, atOpen: atOpen, time: time, instrument: instrument)
        }
    }

    /// The order the move from `current` to `target` reaches first, and where; ties go by
    /// ``RestingOrder/rank`` and then the id, never by the order of arrival alone.
    private func next(_ symbol: SymbolID, from current: Price, to target: Price) -> (Int, Price)? {
        var found: (slot: Int, at: Price, key: (Int64, Int, Int, Int64, Int64))?
        for slot in book.indices {
            let resting = book[slot]
            guard resting.order.symbol == symbol, resting.live else { continue }
            if resting.fillsOnTouch, budget == 0 { continue }
            guard let at = resting.touch(from: current, to: target) else { continue }
            let rank = resting.rank
            let key = (abs(at.units - current.units), rank.0, rank.1, rank.2, resting.order.id.rawValue)
            if found == nil || key < found!.key { found = (slot, at, key) }
        }
        return found.map { ($0.slot, $0.at) }
    }

    /// What the order at `slot` does where the path reached it at `at`.
    private func act(_ slot: Int, at: Price, atOpen: Bool, time: Int64, instrument: Instrument) {
        let resting = book[slot]
        guard resting.fillsOnTouch else {
            // A stop-limit or take-profit-limit reached its trigger: from here it is a limit order.
            book[slot].triggered = true
            return
        }
        let order = resting.order
        guard resting.isLimitNow, let limit = order.price else {
            execute(slot, price: slipped(at, side: order.side, instrument: instrument), maker: false, time: time, instrument: instrument)
            return
        }
        if order.postOnly {
            execute(slot, price: limit, maker: true, time: time, instrument: instrument)
        } else if atOpen || at != limit {
            // Through the limit at the open, or marketable when it started or triggered: takes at the better price.
            execute(slot, price: at, maker: false, time: time, instrument: instrument)
        } else {
            execute(slot, price: limit, maker: true, time: time, instrument: instrument)
        }
    }

    /// After the walk: IOC and FOK orders that worked this bar expire, and trailing stops move their
    /// trigger with the bar's high (a sell) or low (a buy), for the next bar.
    func finishBar(_ bar: Bar, high: Price, low: Price, instrument: Instrument) {
        var expired: [(OrderID, String)] = []
        for index in book.indices where book[index].order.symbol == bar.symbol && book[index].live {
            let order = book[index].order
            if book[index].firstBar, order.timeInForce == .ioc || order.timeInForce == .fok {
                let rest = "\(instrument.format(order.remaining)) of \(instrument.format(order.quantity))"
                expired.append((order.id, order.timeInForce == .ioc ? "IOC: \(rest) unfilled on the bar it worked" : "FOK: \(rest) could not fill whole on the bar it worked"))
            }
            book[index].firstBar = false
            guard order.kind == .trailingStop, let trail = order.trail, let best = book[index].best, let trigger = book[index].trailTrigger else { continue }
            if order.side == .sell {
                let top = max(best, high)
                book[index].best = top
                book[index].trailTrigger = max(trigger, Price(units: max(instrument.tick, top.units - trailDistance(trail, from: top, instrument: instrument))))
            } else {
                let bottom = min(best, low)
                book[index].best = bottom
                book[index].trailTrigger = min(trigger, Price(units: bottom.units + trailDistance(trail, from: bottom, instrument: instrument)))
            }
        }
        for (id, reason) in expired { endOrder(id, .expired, reason: reason, time: bar.time) }
    }

    /// A trail's distance from `best` in price units, rounded up to the tick (so the stop never triggers earlier).
    func trailDistance(_ trail: Trail, from best: Price, instrument: Instrument) -> Int64 {
        let raw: Int64
        switch trail {
        case .amount(let amount): raw = amount.units
        case .bps(let bps): raw = Int64((Int128(best.units) * Int128(bps) + 9_999) / 10_000)
        }
        return (raw + instrument.tick - 1) / instrument.tick * instrument.tick
    }
}
