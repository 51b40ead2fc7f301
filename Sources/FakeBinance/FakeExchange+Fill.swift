import Foundation

extension FakeExchange {
    /// Records one fill: balances, the trade (consecutive id), the order, the events.
    @discardableResult
    func fill(index: Int, qty: Decimal, price: Decimal, maker: Bool) -> FakeTrade {
        closeSiblings(of: index)
        let order = orders[index]
        let rules = symbols[order.symbol] ?? FakeSymbolRules(symbol: order.symbol)
        let cost = FakeDecimal.round(qty * price)
        var commissionAsset = config.commissionAsset ?? rules.quoteAsset
        let feeAssetFree = balances[order.apiKey]?[commissionAsset]?.free ?? 0
        if commissionAsset != rules.baseAsset, commissionAsset != rules.quoteAsset, feeAssetFree < FakeDecimal.round(cost * config.commissionRate) {
            // As Binance: without enough BNB the fee is taken from the asset received.
            commissionAsset = order.side == "BUY" ? rules.baseAsset : rules.quoteAsset
        }
        let commission = FakeDecimal.round((commissionAsset == rules.baseAsset ? qty : cost) * config.commissionRate)
        let remainingAfter = order.remaining - qty
        let newLocked = order.remaining > 0 ? FakeDecimal.round(order.lockedAmount * remainingAfter / order.remaining, places: 12) : 0
        let released = order.lockedAmount - newLocked
        if order.side == "BUY" {
            adjust(order.apiKey, rules.quoteAsset, free: released - cost, locked: -released)
            adjust(order.apiKey, rules.baseAsset, free: qty, locked: 0)
        } else {
            adjust(order.apiKey, rules.baseAsset, free: 0, locked: -released)
            adjust(order.apiKey, rules.quoteAsset, free: cost, locked: 0)
        }
        adjust(order.apiKey, commissionAsset, free: -commission, locked: 0)
        let now = nowMs()
        let trade = FakeTrade(
            symbol: order.symbol, id: takeTradeId(order.symbol), orderId: order.orderId, orderListId: order.orderListId,
            clientOrderId: order.clientOrderId, apiKey: order.apiKey, price: price, qty: qty, quoteQty: cost, commission: commission,
            commissionAsset: commissionAsset, time: now, isBuyer: order.side == "BUY", isMaker: maker
        )
        trades.append(trade)
        orders[index].lockedAmount = newLocked
        orders[index].executedQty += qty
        orders[index].cummulativeQuoteQty += cost
        orders[index].status = remainingAfter == 0 ? "FILLED" : "PARTIALLY_FILLED"
        orders[index].updateTime = now
        publishTrade(symbol: order.symbol, id: trade.id, price: price, qty: qty, buyerIsMaker: maker == (order.side == "BUY"), time: now)
        if takeFault(.dropUserStream) != nil { dropUserStreams(apiKey: order.apiKey) }
        emitReport(index, execType: "TRADE", trade: trade)
        if takeFault(.duplicateFill) != nil {
            duplicatedTradeIds.insert(trade.id)
            emitReport(index, execType: "TRADE", trade: trade)
        }
        emitAccountPosition(order.apiKey, assets: [rules.baseAsset, rules.quoteAsset, commissionAsset])
        activatePending(after: index)
        return trade
    }

    /// The next trade id of a symbol (consecutive).
    func takeTradeId(_ symbol: String) -> Int64 {
        let id = nextTradeId[symbol, default: 1]
        nextTradeId[symbol] = id + 1
        return id
    }

    /// Trades of an order as the client sees them (a duplicated fill appears twice).
    func visibleTrades(_ source: [FakeTrade]) -> [FakeTrade] {
        source.flatMap { duplicatedTradeIds.contains($0.id) ? [$0, $0] : [$0] }
    }
}
