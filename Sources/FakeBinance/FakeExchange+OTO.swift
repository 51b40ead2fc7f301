import Foundation

extension FakeExchange {
    /// `POST /api/v3/orderList/oto`: a LIMIT or LIMIT_MAKER working order, and a pending order
    /// (PENDING_NEW, off the book, nothing locked) placed once the working order has filled completely.
    /// Cancelling or expiring either ends the other.
    func placeOTO(_ params: [String: String], apiKey: String) throws(FakeAPIError) -> [String: Any] {
        let listClientId = params["listClientOrderId"] ?? "oto_\(nextListId)"
        let working = try FakeOrderRequest.parse(
            Self.listLeg(params, "working"), prefix: "working", clientId: params["workingClientOrderId"] ?? "\(listClientId)_w"
        )
        let pending = try FakeOrderRequest.parse(
            Self.listLeg(params, "pending"), prefix: "pending", clientId: params["pendingClientOrderId"] ?? "\(listClientId)_p"
        )
        guard working.type == "LIMIT" || working.type == "LIMIT_MAKER" else { throw FakeAPIError(code: -1116, msg: "Invalid orderType.") }
        guard let rules = symbols[pending.symbol], let last = prices[pending.symbol] else { throw .unknownSymbol }
        try checkFilters(pending, rules: rules, last: last, apiKey: apiKey)
        let listId = nextListId
        let first = try accept(working, apiKey: apiKey, listId: listId, lockOverride: nil)
        nextListId += 1
        let second = book(pending: pending, rules: rules, apiKey: apiKey, listId: listId)
        matchOnPlacement(index: first)
        flushUserEvents()
        let now = nowMs()
        return [
            "orderListId": listId, "contingencyType": "OTO", "listStatusType": "EXEC_STARTED", "listOrderStatus": "EXECUTING",
            "listClientOrderId": listClientId, "transactionTime": now, "symbol": working.symbol,
            "orders": [first, second].map { ["symbol": orders[$0].symbol, "orderId": orders[$0].orderId, "clientOrderId": orders[$0].clientOrderId] },
            "orderReports": [first, second].map { FakeJSON.order(orders[$0], transactTime: now) },
        ]
    }

    /// The parameters of one leg with its side and quantity where the order parser reads them.
    static func listLeg(_ params: [String: String], _ prefix: String) -> [String: String] {
        var leg = params
        leg["side"] = params[prefix + "Side"]
        leg["quantity"] = params[prefix + "Quantity"]
        return leg
    }

    /// Books an OTO's pending order: PENDING_NEW, off the book, nothing locked yet.
    private func book(pending request: FakeOrderRequest, rules: FakeSymbolRules, apiKey: String, listId: Int64) -> Int {
        let now = nowMs()
        let order = FakeOrder(
            orderId: nextOrderId, orderListId: listId, clientOrderId: request.clientOrderId, apiKey: apiKey, symbol: request.symbol,
            side: request.side, type: request.type, timeInForce: request.timeInForce, origQty: request.quantity, price: request.price,
            stopPrice: request.stopPrice, trailingDelta: request.trailingDelta, executedQty: 0, cummulativeQuoteQty: 0, status: "PENDING_NEW",
            time: now, updateTime: now, isWorking: false, workingTime: -1, lockedAsset: request.side == "BUY" ? rules.quoteAsset : rules.baseAsset,
            lockedAmount: 0, trailingExtreme: nil
        )
        nextOrderId += 1
        orders.append(order)
        orderIndex[order.orderId] = orders.count - 1
        emitReport(orders.count - 1, execType: "NEW", trade: nil)
        return orders.count - 1
    }

    /// Once the order at `index` has filled completely, places the pending orders of its list: their
    /// balance is locked now (an order the account cannot cover expires), and a working one may match.
    func activatePending(after index: Int) {
        let listId = orders[index].orderListId
        guard listId >= 0, orders[index].status == "FILLED" else { return }
        for pending in orders.indices where orders[pending].orderListId == listId && orders[pending].status == "PENDING_NEW" {
            let order = orders[pending]
            let last = prices[order.symbol] ?? order.price
            let reference = order.price > 0 ? max(order.price, order.stopPrice) : (order.stopPrice > 0 ? max(order.stopPrice, last) : last)
            let amount = order.side == "BUY" ? order.origQty * reference * (1 + config.commissionRate) : order.origQty
            guard (balances[order.apiKey]?[order.lockedAsset]?.free ?? 0) >= amount else {
                expire(index: pending)
                continue
            }
            adjust(order.apiKey, order.lockedAsset, free: -amount, locked: amount)
            let now = nowMs()
            let working = !FakeOrderRequest.stopTypes.contains(order.type)
            orders[pending].lockedAmount = amount
            orders[pending].status = "NEW"
            orders[pending].isWorking = working
            orders[pending].workingTime = working ? now : -1
            orders[pending].updateTime = now
            orders[pending].trailingExtreme = order.trailingDelta != nil && order.stopPrice == 0 ? last : nil
            emitReport(pending, execType: "NEW", trade: nil)
            emitAccountPosition(order.apiKey, assets: [order.lockedAsset])
            if working { matchOnPlacement(index: pending) }
        }
    }

    /// Ends the pending orders of the list of the order at `index`, which ended unfilled.
    func endPending(after index: Int, status: String, cancelClientId: String) {
        let listId = orders[index].orderListId
        guard listId >= 0 else { return }
        for pending in orders.indices where orders[pending].orderListId == listId && orders[pending].status == "PENDING_NEW" {
            expire(index: pending, status: status == "CANCELED" ? "CANCELED" : "EXPIRED", cancelClientId: cancelClientId)
        }
    }
}
