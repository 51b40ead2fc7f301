import Foundation
import Binance

/// The exchangeInfo filters, checked locally before an order is sent. The exchange may still refuse
/// (its notional and percent-price filters can use a reference price Spark does not see).
enum FilterCheck {
    /// Why `order` breaks `rules`, or nil; `reference` (the last close) values a market order for the
    /// notional filter and stands in for the exchange's average price in the percent-price filter;
    /// `open` counts the symbol's open orders (and algo orders among them) the order would join.
    static func problem(_ order: NewOrder, rules: SymbolRules, reference: Double, open: (orders: Int, algo: Int) = (0, 0)) -> String? {
        guard rules.acceptsNewOrders else { return "\(rules.symbol) is \(rules.status): it accepts no new orders" }
        guard rules.orderTypes.contains(order.type) else { return "\(rules.symbol) does not take \(order.type.rawValue) orders" }
        if let limit = rules.maxNumOrders, open.orders >= limit {
            return "\(open.orders) order(s) already open on \(rules.symbol): one more is above the maximum \(limit) (MAX_NUM_ORDERS)"
        }
        if order.type.isAlgo, let limit = rules.maxNumAlgoOrders, open.algo >= limit {
            return "\(open.algo) stop or take-profit order(s) already open on \(rules.symbol): one more is above the maximum \(limit) (MAX_NUM_ALGO_ORDERS)"
        }
        guard let quantity = DecimalText.value(order.quantity), quantity > 0 else { return "quantity \(order.quantity) is not a positive number" }
        if let problem = lot(quantity, order: order, rules: rules) { return problem }
        for (name, text) in [("price", order.price), ("stop price", order.stopPrice)] {
            guard let text else { continue }
            if let problem = price(text, name: name, rules: rules) { return problem }
        }
        if let problem = percentPrice(order, rules: rules, reference: reference) { return problem }
        let price = order.price.flatMap(DecimalText.value) ?? (reference.isFinite ? Decimal(reference) : nil)
        guard let price, order.type != .market || rules.applyMinToMarket else { return nil }
        let notional = price * quantity
        if let minimum = DecimalText.value(rules.minNotional), notional < minimum {
            return "notional \(DecimalText.text(notional)) is below the minimum \(rules.minNotional) (NOTIONAL)"
        }
        if let text = rules.maxNotional, let maximum = DecimalText.value(text), maximum > 0, notional > maximum {
            return "notional \(DecimalText.text(notional)) is above the maximum \(text) (NOTIONAL)"
        }
        return nil
    }

    /// A limit price within the multipliers of the reference price, by side. The exchange uses its
    /// own average price over `avgPriceMins`; the last close is Spark's nearest stand-in.
    private static func percentPrice(_ order: NewOrder, rules: SymbolRules, reference: Double) -> String? {
        guard let filter = rules.percentPrice, let text = order.price, let price = DecimalText.value(text), reference.isFinite, reference > 0,
              let base = DecimalText.value(String(reference)) else { return nil }
        let buy = order.side == .buy
        let (upName, downName) = buy ? ("bidMultiplierUp", "bidMultiplierDown") : ("askMultiplierUp", "askMultiplierDown")
        let (upText, downText) = buy ? (filter.bidMultiplierUp, filter.bidMultiplierDown) : (filter.askMultiplierUp, filter.askMultiplierDown)
        let names = filter.filterType == nil ? (upName, downName) : ("multiplierUp", "multiplierDown")
        if let up = DecimalText.value(upText), up > 0, price > base * up {
            return "price \(text) is above \(DecimalText.text(base * up)), \(upText) × the reference price \(DecimalText.text(base)) (\(filter.name) \(names.0))"
        }
        if let down = DecimalText.value(downText), price < base * down {
            return "price \(text) is below \(DecimalText.text(base * down)), \(downText) × the reference price \(DecimalText.text(base)) (\(filter.name) \(names.1))"
        }
        return nil
    }

    private static func lot(_ quantity: Decimal, order: NewOrder, rules: SymbolRules) -> String? {
        if let step = DecimalText.value(rules.stepSize), !DecimalText.isMultiple(quantity, of: step) {
            return "quantity \(order.quantity) is not a multiple of the step \(rules.stepSize) (LOT_SIZE)"
        }
        if let minimum = DecimalText.value(rules.minQty), quantity < minimum {
            return "quantity \(order.quantity) is below the minimum \(rules.minQty) (LOT_SIZE)"
        }
        var maxText = rules.maxQty
        if order.type == .market, let market = rules.marketMaxQty, (DecimalText.value(market) ?? 0) > 0 { maxText = market }
        if let maximum = DecimalText.value(maxText), maximum > 0, quantity > maximum {
            return "quantity \(order.quantity) is above the maximum \(maxText) (\(order.type == .market ? "MARKET_LOT_SIZE" : "LOT_SIZE"))"
        }
        return nil
    }

    private static func price(_ text: String, name: String, rules: SymbolRules) -> String? {
        guard let value = DecimalText.value(text), value > 0 else { return "\(name) \(text) is not a positive number" }
        if let tick = DecimalText.value(rules.tickSize), !DecimalText.isMultiple(value, of: tick) {
            return "\(name) \(text) is not a multiple of the tick \(rules.tickSize) (PRICE_FILTER)"
        }
        if let minimum = DecimalText.value(rules.minPrice), minimum > 0, value < minimum {
            return "\(name) \(text) is below the minimum \(rules.minPrice) (PRICE_FILTER)"
        }
        if let maximum = DecimalText.value(rules.maxPrice), maximum > 0, value > maximum {
            return "\(name) \(text) is above the maximum \(rules.maxPrice) (PRICE_FILTER)"
        }
        return nil
    }
}
