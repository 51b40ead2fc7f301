import Foundation

extension FakeExchange {
    /// Cancels an open order by client id (`cancel_race`: it fills first, then `-2011`).
    func cancel(symbol: String, clientOrderId: String?, orderId: Int64?, apiKey: String, cancelId: String) throws(FakeAPIError) -> FakeOrder {
        guard let index = findOrder(symbol: symbol, clientOrderId: clientOrderId, orderId: orderId, apiKey: apiKey),
            orders[index].isOpen || orders[index].status == "PENDING_NEW"
        else { throw .unknownOrderCancel }
        if takeFault(.cancelRace) != nil {
            let price = orders[index].price > 0 ? orders[index].price : (prices[symbol] ?? orders[index].stopPrice)
            closeSiblings(of: index)
            fill(index: index, qty: orders[index].remaining, price: price, maker: true)
            flushUserEvents()
            throw .unknownOrderCancel
        }
        let listId = orders[index].orderListId
        let legs = listId >= 0 ? orders.indices.filter { orders[$0].orderListId == listId && orders[$0].isOpen } : [index]
        // An OTO's pending order ends with its working order (and the other way round).
        for leg in legs + [index] where orders[leg].isOpen || orders[leg].status == "PENDING_NEW" {
            expire(index: leg, status: "CANCELED", cancelClientId: cancelId)
        }
        flushUserEvents()
        return orders[index]
    }

    /// The newest order of the account with this client id (or order id) on the symbol.
    func findOrder(symbol: String, clientOrderId: String?, orderId: Int64?, apiKey: String) -> Int? {
        orders.indices.last { index in
            let order = orders[index]
            guard order.symbol == symbol, order.apiKey == apiKey else { return false }
            if let orderId { return order.orderId == orderId }
            return order.clientOrderId == clientOrderId
        }
    }

    /// `GET /api/v3/order`.
    func query(symbol: String, clientOrderId: String?, orderId: Int64?, apiKey: String) throws(FakeAPIError) -> FakeOrder {
        guard let index = findOrder(symbol: symbol, clientOrderId: clientOrderId, orderId: orderId, apiKey: apiKey) else { throw .orderMissing }
        return orders[index]
    }

    /// `GET /api/v3/openOrders`.
    func openOrders(symbol: String?, apiKey: String) -> [FakeOrder] {
        orders.filter { $0.isOpen && $0.apiKey == apiKey && (symbol == nil || $0.symbol == symbol) }
    }

    /// `GET /api/v3/myTrades`: oldest first from `fromId`, a duplicated fill twice.
    func myTrades(symbol: String, fromId: Int64?, limit: Int, apiKey: String) -> [FakeTrade] {
        let mine = trades.filter { $0.symbol == symbol && $0.apiKey == apiKey && $0.id >= (fromId ?? 0) }
        return Array(visibleTrades(mine).prefix(limit))
    }

    /// Trades of one order as the FULL answer lists them.
    func fills(orderId: Int64) -> [FakeTrade] { visibleTrades(trades.filter { $0.orderId == orderId }) }

    /// The account's balances.
    func accountBalances(apiKey: String) -> [FakeBalance] {
        (balances[apiKey] ?? [:]).values.sorted { $0.asset < $1.asset }
    }

    /// Places an order with a client id Spark does not make ("web_…"), resting far from the market.
    func placeForeignOrder(apiKey: String, symbol: String, side: String, quantity: Decimal?, price: Decimal?) throws(FakeAPIError) -> FakeOrder {
        guard let rules = symbols[symbol], let last = prices[symbol] else { throw .unknownSymbol }
        foreignCounter = foreignCounter &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let limit = price ?? FakeDecimal.floor(side == "BUY" ? last * Decimal(string: "0.9")! : last * Decimal(string: "1.1")!, step: rules.tickSize)
        let minQty = FakeDecimal.floor(rules.minNotional * 2 / limit, step: rules.stepSize) + rules.stepSize
        let request = FakeOrderRequest(
            symbol: symbol, side: side, type: "LIMIT", timeInForce: "GTC", quantity: quantity ?? max(minQty, rules.minQty), price: limit,
            stopPrice: 0, trailingDelta: nil, clientOrderId: "web_\(foreignCounter % 1_000_000_000)"
        )
        return try place(request, apiKey: apiKey)
    }
}
