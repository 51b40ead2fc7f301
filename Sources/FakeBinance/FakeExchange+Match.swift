import Foundation

extension FakeExchange {
    /// Matches a just-booked order against the last price: takers fill, IOC/FOK leftovers expire.
    func matchOnPlacement(index: Int) {
        let order = orders[index]
        guard order.isWorking, let last = prices[order.symbol] else { return }
        var budget = config.liquidityPerStep
        takeLiquidity(index: index, at: last, budget: &budget)
    }

    /// Fills a working order as taker at `price` if it crosses, then expires what IOC/FOK/MARKET leave.
    func takeLiquidity(index: Int, at price: Decimal, budget: inout Decimal?) {
        let order = orders[index]
        let crosses = order.price == 0 || (order.side == "BUY" ? order.price >= price : order.price <= price)
        if crosses {
            if order.timeInForce == "FOK", let available = budget, available < order.remaining {
                expire(index: index)
                return
            }
            fillUpTo(index: index, price: price, maker: false, budget: &budget)
        }
        let immediate = order.price == 0 || order.timeInForce == "IOC" || order.timeInForce == "FOK"
        if immediate && orders[index].isOpen { expire(index: index) }
    }

    /// Fills as much as the step's liquidity allows.
    func fillUpTo(index: Int, price: Decimal, maker: Bool, budget: inout Decimal?) {
        guard let rules = symbols[orders[index].symbol] else { return }
        let wanted = orders[index].remaining
        let qty = FakeDecimal.floor(min(wanted, budget ?? wanted), step: rules.stepSize)
        guard qty > 0 else { return }
        if budget != nil { budget! -= qty }
        fill(index: index, qty: qty, price: price, maker: maker)
    }

    /// Moves the last price and matches resting orders (one liquidity step).
    func moveTo(symbol: String, price: Decimal) {
        prices[symbol] = price
        var budget = config.liquidityPerStep
        let candidates = orders.indices.filter { orders[$0].symbol == symbol && orders[$0].isOpen }
        for index in candidates where orders[index].isOpen {
            if !orders[index].isWorking {
                if triggers(index: index, price: price) { activate(index: index, price: price, budget: &budget) }
            } else if orders[index].side == "BUY" ? price <= orders[index].price : price >= orders[index].price {
                fillUpTo(index: index, price: orders[index].price, maker: true, budget: &budget)
            }
        }
        publishBookTicker(symbol: symbol)
    }

    /// Whether a stop order triggers at `price`, tracking trailing stops' extremes.
    func triggers(index: Int, price: Decimal) -> Bool {
        let order = orders[index]
        guard let delta = order.trailingDelta else {
            return stopTriggered(type: order.type, side: order.side, stop: order.stopPrice, price: price)
        }
        guard let extreme = order.trailingExtreme else {
            let reached = order.side == "SELL" ? price >= order.stopPrice : price <= order.stopPrice
            if reached { orders[index].trailingExtreme = price }
            return false
        }
        let ratio = Decimal(delta) / 10000
        if order.side == "SELL" {
            let high = max(extreme, price)
            orders[index].trailingExtreme = high
            return price <= high * (1 - ratio)
        }
        let low = min(extreme, price)
        orders[index].trailingExtreme = low
        return price >= low * (1 + ratio)
    }

    /// A triggered stop: the limit variants start working, the market variants fill now.
    func activate(index: Int, price: Decimal, budget: inout Decimal?) {
        closeSiblings(of: index)
        orders[index].isWorking = true
        orders[index].workingTime = nowMs()
        orders[index].updateTime = nowMs()
        if orders[index].type.hasSuffix("_LIMIT") {
            let order = orders[index]
            let crosses = order.side == "BUY" ? order.price >= price : order.price <= price
            if crosses { takeLiquidity(index: index, at: price, budget: &budget) }
        } else {
            fillUpTo(index: index, price: price, maker: false, budget: &budget)
            if orders[index].isOpen { expire(index: index) }
        }
    }

    /// Expires the other legs of an order list, moving their shared lock to this leg first.
    func closeSiblings(of index: Int) {
        let listId = orders[index].orderListId
        guard listId >= 0 else { return }
        for sibling in orders.indices where sibling != index && orders[sibling].orderListId == listId && orders[sibling].isOpen {
            if orders[index].lockedAmount == 0 {
                orders[index].lockedAmount = orders[sibling].lockedAmount
                orders[sibling].lockedAmount = 0
            }
            expire(index: sibling)
        }
    }

    /// Ends an order (EXPIRED, or CANCELED for a cancel) and frees its lock.
    func expire(index: Int, status: String = "EXPIRED", cancelClientId: String = "") {
        let amount = orders[index].lockedAmount
        let order = orders[index]
        adjust(order.apiKey, order.lockedAsset, free: amount, locked: -amount)
        orders[index].lockedAmount = 0
        orders[index].status = status
        orders[index].updateTime = nowMs()
        emitReport(index, execType: status, trade: nil, cancelClientId: cancelClientId)
        emitAccountPosition(order.apiKey, assets: [order.lockedAsset])
        endPending(after: index, status: status, cancelClientId: cancelClientId)
    }
}
