import Foundation

extension FakeExchange {
    /// Places an order for `apiKey`: filters, balance lock, then immediate matching.
    func place(_ request: FakeOrderRequest, apiKey: String) throws(FakeAPIError) -> FakeOrder {
        let index = try accept(request, apiKey: apiKey, listId: -1, lockOverride: nil)
        matchOnPlacement(index: index)
        flushUserEvents()
        return orders[index]
    }

    /// Validates and books an order (status NEW), locking its balance; returns its index.
    func accept(_ request: FakeOrderRequest, apiKey: String, listId: Int64, lockOverride: Decimal?) throws(FakeAPIError) -> Int {
        guard let rules = symbols[request.symbol] else { throw .unknownSymbol }
        guard rules.status == "TRADING" else { throw .marketClosed }
        guard let last = prices[request.symbol] else { throw .marketClosed }
        if orders.contains(where: { $0.isOpen && $0.apiKey == apiKey && $0.clientOrderId == request.clientOrderId }) {
            throw FakeAPIError(code: -2010, msg: "Duplicate order sent.")
        }
        try checkFilters(request, rules: rules, last: last, apiKey: apiKey)
        try checkTriggers(request, last: last)
        let refPrice = request.price > 0 ? max(request.price, request.stopPrice) : (request.stopPrice > 0 ? max(request.stopPrice, last) : last)
        let perUnit = request.side == "BUY" ? refPrice * (1 + config.commissionRate) : 1
        let lockAsset = request.side == "BUY" ? rules.quoteAsset : rules.baseAsset
        let lockAmount = lockOverride ?? request.quantity * perUnit
        let free = balances[apiKey]?[lockAsset]?.free ?? 0
        guard free >= lockAmount else { throw .insufficientBalance }
        adjust(apiKey, lockAsset, free: -lockAmount, locked: lockAmount)
        let now = nowMs()
        let working = !FakeOrderRequest.stopTypes.contains(request.type)
        let order = FakeOrder(
            orderId: nextOrderId, orderListId: listId, clientOrderId: request.clientOrderId, apiKey: apiKey, symbol: request.symbol,
            side: request.side, type: request.type, timeInForce: request.timeInForce, origQty: request.quantity, price: request.price,
            stopPrice: request.stopPrice, trailingDelta: request.trailingDelta, executedQty: 0, cummulativeQuoteQty: 0, status: "NEW",
            time: now, updateTime: now, isWorking: working, workingTime: working ? now : -1, lockedAsset: lockAsset,
            lockedAmount: lockAmount, trailingExtreme: trailingStart(request, last: last)
        )
        nextOrderId += 1
        orders.append(order)
        orderIndex[order.orderId] = orders.count - 1
        emitReport(orders.count - 1, execType: "NEW", trade: nil)
        emitAccountPosition(apiKey, assets: [lockAsset])
        return orders.count - 1
    }

    /// PRICE_FILTER, LOT_SIZE, MARKET_LOT_SIZE, NOTIONAL, PERCENT_PRICE_BY_SIDE and MAX_NUM_ORDERS.
    func checkFilters(_ request: FakeOrderRequest, rules: FakeSymbolRules, last: Decimal, apiKey: String) throws(FakeAPIError) {
        for price in [request.price, request.stopPrice] where price > 0 {
            if price < rules.minPrice || price > rules.maxPrice || !FakeDecimal.isMultiple(price, of: rules.tickSize) {
                throw .filter("PRICE_FILTER")
            }
        }
        let qty = request.quantity
        if qty < rules.minQty || qty > rules.maxQty || !FakeDecimal.isMultiple(qty, of: rules.stepSize) { throw .filter("LOT_SIZE") }
        let isMarket = request.price == 0
        if isMarket && qty > rules.marketMaxQty { throw .filter("MARKET_LOT_SIZE") }
        let notional = qty * (isMarket ? (request.stopPrice > 0 ? request.stopPrice : last) : request.price)
        if notional < rules.minNotional || (!isMarket && notional > rules.maxNotional) { throw .filter("NOTIONAL") }
        if request.price > 0 && (request.price > last * 5 || request.price < last / 5) { throw .filter("PERCENT_PRICE_BY_SIDE") }
        let open = orders.filter { $0.isOpen && $0.apiKey == apiKey && $0.symbol == request.symbol }.count
        if open >= rules.maxNumOrders { throw .filter("MAX_NUM_ORDERS") }
    }

    /// LIMIT_MAKER must not take; a plain stop must not trigger immediately.
    func checkTriggers(_ request: FakeOrderRequest, last: Decimal) throws(FakeAPIError) {
        if request.type == "LIMIT_MAKER" {
            let takes = request.side == "BUY" ? request.price >= last : request.price <= last
            if takes { throw .wouldTake }
        }
        if FakeOrderRequest.stopTypes.contains(request.type) && request.trailingDelta == nil
            && stopTriggered(type: request.type, side: request.side, stop: request.stopPrice, price: last) {
            throw FakeAPIError(code: -2010, msg: "Stop price would trigger immediately.")
        }
    }

    /// Where a trailing stop starts tracking: at once without an activation price, else later.
    func trailingStart(_ request: FakeOrderRequest, last: Decimal) -> Decimal? {
        request.trailingDelta != nil && request.stopPrice == 0 ? last : nil
    }

    /// Whether a plain stop order's condition holds at `price`.
    func stopTriggered(type: String, side: String, stop: Decimal, price: Decimal) -> Bool {
        let isStopLoss = type.hasPrefix("STOP_LOSS")
        switch (isStopLoss, side) {
        case (true, "SELL"), (false, "BUY"): return price <= stop
        default: return price >= stop
        }
    }

    /// Changes an account's free and locked amounts of an asset.
    func adjust(_ apiKey: String, _ asset: String, free: Decimal, locked: Decimal) {
        var balance = balances[apiKey]?[asset] ?? FakeBalance(apiKey: apiKey, asset: asset, free: 0, locked: 0)
        balance.free += free
        balance.locked += locked
        balances[apiKey, default: [:]][asset] = balance
    }
}
