public import SparkCore

/// Puts a strategy's request on the instrument's grid and checks that its fields fit its kind.
///
/// Pure: it reads only the request, the instrument and the time, so the engine's state machine stays small.
enum OrderCheck {
    /// Fills `order` from `request`, rounded; returns why it cannot be booked, or nil.
    static func build(_ order: inout Order, _ request: OrderRequest, instrument: Instrument, now: Int64, lastPrice: Double) -> OrderRejection? {
        let units: Quantity
        do {
            units = try instrument.roundedQuantity(request.quantity)
        } catch {
            return rejection(request.quantity, priceOf: nil, error, instrument: instrument)
        }
        order.quantity = units
        if units.units < instrument.minQuantity {
            return OrderRejection(.belowMinimum, "quantity \(instrument.format(units)) is below the minimum \(instrument.format(Quantity(units: instrument.minQuantity))) for \(instrument.symbol)")
        }
        if let problem = shape(request) { return OrderRejection(.invalidPrice, problem) }
        if let price = request.price {
            do {
                order.price = try instrument.roundedPrice(price, OrderRequest.limitRounding(request.side))
            } catch {
                return rejection(price, priceOf: request.kind, error, instrument: instrument)
            }
        }
        if let trigger = request.trigger {
            do {
                order.trigger = try instrument.roundedPrice(trigger, OrderRequest.triggerRounding(request.kind, request.side))
            } catch {
                return rejection(trigger, priceOf: request.kind, error, instrument: instrument)
            }
        }
        if let problem = terms(&order, request, instrument: instrument, now: now) { return problem }
        let reference = order.referencePrice.map { instrument.double($0) } ?? lastPrice
        if instrument.minNotional.units > 0, reference.isFinite,
           let notional = Money(reference * instrument.double(units)), notional < instrument.minNotional {
            return OrderRejection(.belowMinimum, "notional \(notional) is below the minimum \(instrument.minNotional) for \(instrument.symbol)")
        }
        return nil
    }

    /// Which prices the kind needs and refuses, as a message; nil when the request fits.
    private static func shape(_ request: OrderRequest) -> String? {
        let kind = request.kind
        if kind == .market, request.price != nil { return "a market order takes no price; use limit= or stop=" }
        if kind.hasLimit, request.price == nil { return "a \(kind.rawValue) order needs a limit price" }
        if !kind.hasLimit, kind != .market, request.price != nil { return "a \(kind.rawValue) order takes no limit price (use stop_limit or take_profit_limit)" }
        if kind.hasTrigger, kind != .trailingStop, request.trigger == nil { return "a \(kind.rawValue) order needs a trigger price" }
        if !kind.hasTrigger, request.trigger != nil { return "a \(kind.rawValue) order takes no trigger price" }
        let trails = (request.trailAmount != nil ? 1 : 0) + (request.trailBps != nil ? 1 : 0)
        if kind == .trailingStop, trails != 1 { return "a trailing_stop needs exactly one of trail (a price distance) or trail_pct" }
        if kind != .trailingStop, trails != 0 { return "only a trailing_stop takes trail or trail_pct" }
        return nil
    }

    /// Time in force, post-only, reduce-only and the trail; nil when they fit.
    private static func terms(_ order: inout Order, _ request: OrderRequest, instrument: Instrument, now: Int64) -> OrderRejection? {
        if request.postOnly {
            guard request.kind == .limit else { return OrderRejection(.invalidTerms, "post_only applies to limit orders only") }
            guard request.timeInForce == .gtc else { return OrderRejection(.invalidTerms, "a post_only order rests: it cannot be IOC or FOK") }
        }
        if case .gtd(let time) = request.timeInForce, time <= now {
            return OrderRejection(.invalidTerms, "good-till time \(time) is not after the current event time \(now)")
        }
        order.timeInForce = request.timeInForce
        order.postOnly = request.postOnly
        order.reduceOnly = request.reduceOnly
        if let amount = request.trailAmount {
            do {
                order.trail = .amount(try instrument.roundedPrice(amount, .up))
            } catch {
                return OrderRejection(.invalidPrice, "trail \(amount) for \(instrument.symbol) must be a positive price distance")
            }
        }
        if let percent = request.trailBps {
            guard percent.isFinite, percent >= 1, percent <= 2_000 else {
                return OrderRejection(.invalidPrice, "trail_pct \(percent / 100) must be between 0.01 and 20 (percent)")
            }
            order.trail = .bps(Int64(percent.rounded()))
        }
        return nil
    }

    /// Numbers and ties the orders of one list; returns why the list does not hold together.
    static func link(_ orders: inout [Order], as list: OrderListKind, nextID: Int64) -> OrderRejection? {
        for index in orders.indices { orders[index].id = OrderID(nextID + Int64(index)) }
        switch list {
        case .oco:
            guard orders.count == 2, orders[0].symbol == orders[1].symbol, orders[0].side == orders[1].side else {
                return OrderRejection(.invalidTerms, "an OCO pair is two orders on one symbol and one side")
            }
            guard orders.allSatisfy({ $0.kind != .market && $0.timeInForce == .gtc }) else {
                return OrderRejection(.invalidTerms, "both legs of an OCO pair rest: no market, IOC or FOK legs")
            }
            orders[0].sibling = orders[1].id
            orders[1].sibling = orders[0].id
        case .bracket:
            let entry = orders[0]
            guard (2...3).contains(orders.count), orders.dropFirst().allSatisfy({ $0.symbol == entry.symbol && $0.side != entry.side && $0.kind != .market }) else {
                return OrderRejection(.invalidTerms, "a bracket is an entry and one or two resting exits on the other side")
            }
            for index in orders.indices.dropFirst() {
                orders[index].quantity = entry.quantity
                orders[index].parent = entry.id
                orders[index].reduceOnly = true
            }
            if orders.count == 3 {
                orders[1].sibling = orders[2].id
                orders[2].sibling = orders[1].id
            }
        }
        return nil
    }

    /// Why `value` cannot be booked for `instrument`: the quantity, or the price of a `priceOf` order.
    static func rejection(_ value: Double, priceOf kind: OrderKind?, _ error: FixedPointError, instrument: Instrument) -> OrderRejection {
        let isQuantity = kind == nil
        let what = kind.map { "\($0.rawValue) price" } ?? "quantity"
        let code: OrderRejection.Code = isQuantity ? .invalidQuantity : .invalidPrice
        let symbol = instrument.symbol
        switch error {
        case .notFinite:
            // Spelled out: Lua's 0/0 prints as "-nan", which reads like a typo.
            return OrderRejection(code, "\(what) for \(symbol) must be a finite number (got \(value.isNaN ? "NaN" : value < 0 ? "-infinity" : "infinity"))")
        case .notPositive:
            return OrderRejection(code, "\(what) \(value) for \(symbol) must be positive")
        case .belowIncrement where isQuantity:
            return OrderRejection(code, "\(what) \(value) for \(symbol) is less than one step (\(instrument.format(Quantity(units: instrument.step))))")
        case .belowIncrement:
            return OrderRejection(code, "\(what) \(value) for \(symbol) rounds to zero ticks (tick \(instrument.format(Price(units: instrument.tick))))")
        case .tooLarge:
            let max = isQuantity ? instrument.format(instrument.maxQuantity) : instrument.format(instrument.maxPrice)
            return OrderRejection(.tooLarge, "\(what) \(value) is too large for the fixed-point range of \(symbol) (max \(max))")
        }
    }
}

extension OrderRequest {
    /// The order the engine would send for this request (id 0), rounded onto `instrument`'s grid,
    /// or why it would refuse it: what `spark policy test` hands the guard, so a test case sees
    /// exactly what a run would.
    public func rounded(onto instrument: Instrument, now: Int64, lastPrice: Double = .nan) -> Result<Order, OrderRejection> {
        var order = Order(id: OrderID(0), symbol: symbol, side: side, kind: kind, quantity: .zero, price: nil, createdAt: now, tag: tag)
        if let rejection = OrderCheck.build(&order, self, instrument: instrument, now: now, lastPrice: lastPrice) { return .failure(rejection) }
        return .success(order)
    }
}
