import Foundation
import Engine
import SparkCore

extension Guardrails {
    /// The rejection `active` gives `intent`, or nil when it allows it. Fails closed: a value the rule
    /// needs and cannot get (a price, a fresh reference) rejects.
    func evaluate(_ active: ActiveRule, _ intent: OrderIntent, account: AccountView, instrument: Instrument) -> GuardRejection? {
        let order = intent.order
        if active.rule.isSizeLimit, !active.rule.checksReducing, Self.reduces(order, account: account) { return nil }
        switch active.rule.kind {
        case .maxOrderQuantity, .maxOrderNotional, .priceBand, .maxPosition, .maxGrossExposure, .maxNetExposure, .maxOpenOrders:
            return evaluateSize(active, intent, account: account, instrument: instrument)
        case .lua:
            return evaluateLua(active, intent, account: account)
        default:
            return evaluateFlow(active, intent, account: account, instrument: instrument)
        }
    }

    /// Size, price and exposure rules.
    private func evaluateSize(_ active: ActiveRule, _ intent: OrderIntent, account: AccountView, instrument: Instrument) -> GuardRejection? {
        let order = intent.order
        let symbolIndex = Int(order.symbol.rawValue)
        let id = active.rule.id
        func reject(_ code: String, _ message: String) -> GuardRejection {
            GuardRejection(rule: id, code: code, message: message)
        }
        let quantity = instrument.double(order.quantity)
        switch active.rule.kind {
        case .maxOrderQuantity(let limit):
            if quantity > limit {
                return reject("max_order_quantity", "quantity \(instrument.format(order.quantity)) exceeds the limit \(Self.number(limit)) for \(instrument.symbol)")
            }
        case .maxOrderNotional(let limit):
            guard let price = Self.orderPrice(order, instrument: instrument, account: account) else {
                return reject("no_reference", "no price to value a \(order.kind.rawValue) order on \(instrument.symbol) yet")
            }
            let notional = price * quantity
            if notional > limit {
                return reject("max_order_notional", "notional \(Self.number(notional)) \(instrument.quote) exceeds the limit \(Self.number(limit))")
            }
        case .priceBand(let maxPct, let reference, let maxAge):
            guard let requested = order.referencePrice else { return nil }
            guard reference == .barClose else {
                return reject("missing_reference", "no \(reference.rawValue) reference for \(instrument.symbol) (this feed has bars only); use reference: bar_close")
            }
            let last = account.lastPrice[symbolIndex]
            let time = account.lastPriceTime[symbolIndex]
            guard last.isFinite, last > 0, time != .min else {
                return reject("missing_reference", "no reference price for \(instrument.symbol) yet")
            }
            let age = account.now - time
            if age > maxAge {
                return reject("stale_reference", "the reference price is \(age / 1000) s old, more than the \(maxAge / 1000) s allowed")
            }
            let deviation = abs(instrument.double(requested) - last) / last * 100
            // A hair of tolerance: the edge of the band is inside it, whatever the division rounds to.
            if deviation > maxPct * (1 + 1e-12) {
                return reject("price_band", "price \(instrument.format(requested)) is \(Self.number(deviation))% from the reference \(Self.number(last)), more than \(Self.number(maxPct))%")
            }
        case .maxPosition(let limit):
            var projected = account.positions[symbolIndex] + order.side.sign * order.quantity.units
            for resting in account.openOrders where resting.symbol == order.symbol && resting.side == order.side {
                projected += order.side.sign * resting.remaining.units
            }
            let size = abs(instrument.double(Quantity(units: projected)))
            if size > limit + 1e-12 {
                return reject("max_position", "the position would reach \(Self.number(size)) \(instrument.symbol) (with resting orders), above the limit \(Self.number(limit))")
            }
        case .maxGrossExposure(let limit), .maxNetExposure(let limit):
            let gross: Bool = if case .maxGrossExposure = active.rule.kind { true } else { false }
            guard let price = Self.orderPrice(order, instrument: instrument, account: account) else {
                return reject("no_reference", "no price to value the order on \(instrument.symbol) yet")
            }
            var total = 0.0
            for index in account.positions.indices {
                var units = account.positions[index]
                if index == symbolIndex { units += order.side.sign * order.quantity.units }
                guard units != 0 else { continue }
                let mark = index == symbolIndex ? price : account.lastPrice[index]
                guard mark.isFinite else {
                    return reject("no_reference", "no price to value the \(account.symbols.names[index]) position")
                }
                let value = account.instruments[index].double(Quantity(units: units)) * mark
                total += gross ? abs(value) : value
            }
            let exposure = abs(total)
            if exposure > limit {
                return reject(gross ? "max_gross_exposure" : "max_net_exposure", "\(gross ? "gross" : "net") exposure would be \(Self.number(exposure)), above the limit \(Self.number(limit))")
            }
        case .maxOpenOrders(let limit):
            if account.openOrders.count + 1 > limit {
                return reject("max_open_orders", "\(account.openOrders.count) orders already rest; the limit is \(limit)")
            }
        default:
            break
        }
        return nil
    }

    /// Rate, timing, venue-conformance, cash and self-trade rules.
    private func evaluateFlow(_ active: ActiveRule, _ intent: OrderIntent, account: AccountView, instrument: Instrument) -> GuardRejection? {
        let order = intent.order
        let symbolIndex = Int(order.symbol.rawValue)
        let id = active.rule.id
        func reject(_ code: String, _ message: String) -> GuardRejection {
            GuardRejection(rule: id, code: code, message: message)
        }
        let quantity = instrument.double(order.quantity)
        _ = quantity
        switch active.rule.kind {
        case .orderRate(let max, let per, let perSymbol):
            let recent = perSymbol ? symbolTimes[symbolIndex].count(since: account.now - per + 1) : strategyTimes.count(since: account.now - per + 1)
            if recent >= max {
                return reject("order_rate", "\(recent) orders in the last \(Self.duration(per))\(perSymbol ? " on \(instrument.symbol)" : ""); the limit is \(max)")
            }
        case .duplicateOrder(let window):
            if let earlier = recent.duplicate(of: order, since: account.now - window + 1) {
                return reject("duplicate_order", "an identical order was sent \(Self.duration(account.now - earlier)) ago (window \(Self.duration(window)))")
            }
        case .restrictedSymbols(let list):
            if list.contains(instrument.symbol) {
                return reject("restricted_symbol", "\(instrument.symbol) is on the restricted list")
            }
        case .tradingWindow(let days, let from, let to, let offset):
            let local = account.now + Int64(offset) * 60_000
            let dayNumber = local >= 0 ? local / 86_400_000 : (local + 1) / 86_400_000 - 1
            let weekday = Int(((dayNumber + 4) % 7 + 7) % 7)
            let minute = Int((local - dayNumber * 86_400_000) / 60_000)
            let inside = from <= to ? (minute >= from && minute < to) : (minute >= from || minute < to)
            if !days.contains(weekday) || !inside {
                return reject("outside_trading_window", "orders are allowed \(Self.window(days: days, from: from, to: to, offset: offset)) only")
            }
        case .instrumentConformance:
            if let problem = Self.conformance(intent, instrument: instrument, account: account) {
                return reject("instrument_conformance", problem)
            }
        case .cashCheck(let credit):
            guard order.side == .buy else { return nil }
            guard let price = Self.orderPrice(order, instrument: instrument, account: account) else {
                return reject("no_reference", "no price to cost the buy on \(instrument.symbol) yet")
            }
            var reserved = 0.0
            for resting in account.openOrders where resting.side == .buy {
                let restingInstrument = account.instruments[Int(resting.symbol.rawValue)]
                let restingPrice = resting.price.map { restingInstrument.double($0) } ?? account.lastPrice[Int(resting.symbol.rawValue)]
                if restingPrice.isFinite { reserved += restingPrice * restingInstrument.double(resting.remaining) }
            }
            let cost = price * quantity
            let available = account.cash.doubleValue + credit - reserved
            if cost > available + 1e-9 {
                return reject("insufficient_cash", "the buy costs \(Self.number(cost)) but \(Self.number(max(0, available))) is available (cash + credit − resting buys)")
            }
        case .selfTrade:
            for resting in account.openOrders where resting.symbol == order.symbol && resting.side != order.side {
                guard let restingPrice = resting.price, resting.kind == .limit else { continue }
                let crosses: Bool
                if let price = order.price, order.kind == .limit {
                    crosses = order.side == .buy ? price >= restingPrice : price <= restingPrice
                } else {
                    crosses = order.kind == .market
                }
                if crosses {
                    return reject("self_trade", "would trade against the strategy's own resting \(resting.side.rawValue) order \(resting.id.rawValue) at \(instrument.format(restingPrice))")
                }
            }
        default:
            break
        }
        return nil
    }

    /// A Lua rule's answer; an overrun or an error rejects (fail closed).
    private func evaluateLua(_ active: ActiveRule, _ intent: OrderIntent, account: AccountView) -> GuardRejection? {
        let id = active.rule.id
        func reject(_ code: String, _ message: String) -> GuardRejection {
            GuardRejection(rule: id, code: code, message: message)
        }
        switch active.rule.kind {
        case .lua:
            guard let lua = active.lua else { return reject("rule_error", "the Lua rule is not loaded") }
            switch lua.check(intent, account: account) {
            case .allow:
                return nil
            case .reject(let reason):
                return reject("lua", reason)
            case .overrun(let message, let check):
                if case .wallClock = ruleBudget { onRuleOverrun(RuleOverrun(rule: id, time: account.now, check: check, message: message)) }
                errorTimes.push(account.now)
                log("guardrail rule \(id) overran its budget and is disabled for this run, order rejected: \(message)")
                return reject("rule_error", "the Lua rule overran its budget, so the order is rejected (fail closed): \(message)")
            case .error(let message):
                errorTimes.push(account.now)
                log("guardrail rule \(id) failed, order rejected: \(message)")
                return reject("rule_error", "the Lua rule failed, so the order is rejected (fail closed): \(message)")
            }
        default:
            break
        }
        return nil
    }

    /// The price an order is valued at: its limit or stop price, else the last price; nil when there is none.
    static func orderPrice(_ order: Order, instrument: Instrument, account: AccountView) -> Double? {
        if let price = order.referencePrice { return instrument.double(price) }
        let last = account.lastPrice[Int(order.symbol.rawValue)]
        return last.isFinite && last > 0 ? last : nil
    }

    /// The engine rounds every order onto the grid before the guard sees it, so an off-grid value
    /// here means an order that did not come through the engine's rounding: refused.
    static func conformance(_ intent: OrderIntent, instrument: Instrument, account: AccountView) -> String? {
        if intent.order.quantity.units % instrument.step != 0 {
            return "quantity \(instrument.format(intent.order.quantity)) is not a multiple of the step \(instrument.format(Quantity(units: instrument.step)))"
        }
        // Each price checked on its own: no array per order on the guard's path.
        if let price = intent.order.price, price.units % instrument.tick != 0 {
            return "price \(instrument.format(price)) is not on the tick \(instrument.format(Price(units: instrument.tick)))"
        }
        if let trigger = intent.order.trigger, trigger.units % instrument.tick != 0 {
            return "price \(instrument.format(trigger)) is not on the tick \(instrument.format(Price(units: instrument.tick)))"
        }
        if instrument.minNotional.units > 0 {
            guard let price = orderPrice(intent.order, instrument: instrument, account: account) else {
                return "no price to check the minimum notional yet"
            }
            let notional = price * instrument.double(intent.order.quantity)
            if notional < instrument.minNotional.doubleValue {
                return "notional \(number(notional)) is below the minimum \(instrument.minNotional)"
            }
        }
        return nil
    }

    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let text = String(format: "%.6f", value)
        var trimmed = Substring(text)
        while trimmed.hasSuffix("0") { trimmed.removeLast() }
        if trimmed.hasSuffix(".") { trimmed.removeLast() }
        return String(trimmed)
    }

    static func duration(_ ms: Int64) -> String {
        if ms % 86_400_000 == 0 { return "\(ms / 86_400_000)d" }
        if ms % 3_600_000 == 0 { return "\(ms / 3_600_000)h" }
        if ms % 60_000 == 0 { return "\(ms / 60_000)m" }
        if ms % 1000 == 0 { return "\(ms / 1000)s" }
        return "\(ms)ms"
    }

    static func window(days: [Int], from: Int, to: Int, offset: Int) -> String {
        let names = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
        let clock = { (minute: Int) in String(format: "%02d:%02d", minute / 60, minute % 60) }
        let zone = offset == 0 ? "UTC" : String(format: "UTC%@%02d:%02d", offset < 0 ? "-" : "+", abs(offset) / 60, abs(offset) % 60)
        return "on \(days.sorted().map { names[$0] }.joined(separator: ",")) \(clock(from))–\(clock(to)) \(zone)"
    }
}
