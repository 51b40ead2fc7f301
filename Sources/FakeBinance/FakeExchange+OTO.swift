import Foundation

extension FakeExchange {
    /// `POST /api/v3/orderList/oto` (`pending`: one pending order) and `/otoco` (`pendingAbove` and
    /// `pendingBelow`, an OCO pair): a LIMIT or LIMIT_MAKER working order, and pending orders
    /// (PENDING_NEW, off the book, nothing locked) placed once the working order has filled
    /// completely. Cancelling or expiring any order of the list ends the others.
    func placeOTO(_ params: [String: String], apiKey: String, pendingPrefixes: [String]) throws(FakeAPIError) -> [String: Any] {
        let contingency = pendingPrefixes.count == 1 ? "OTO" : "OTOCO"
        let listClientId = params["listClientOrderId"] ?? "\(contingency.lowercased())_\(nextListId)"
        let working = try FakeOrderRequest.parse(
            Self.listLeg(params, "working"), prefix: "working", clientId: params["workingClientOrderId"] ?? "\(listClientId)_w"
        )
        var pending: [FakeOrderRequest] = []
        for prefix in pendingPrefixes {
            let clientId = params[prefix + "ClientOrderId"] ?? "\(listClientId)_\(prefix)"
            pending.append(try FakeOrderRequest.parse(Self.listLeg(params, "pending"), prefix: prefix, clientId: clientId))
        }
        guard working.type == "LIMIT" || working.type == "LIMIT_MAKER" else { throw FakeAPIError(code: -1116, msg: "Invalid orderType.") }
        guard let rules = symbols[working.symbol], let last = prices[working.symbol] else { throw .unknownSymbol }
        for leg in pending { try checkFilters(leg, rules: rules, last: last, apiKey: apiKey) }
        let listId = nextListId
        let first = try accept(working, apiKey: apiKey, listId: listId, lockOverride: nil)
        nextListId += 1
        let indices = [first] + pending.map { book(pending: $0, rules: rules, apiKey: apiKey, listId: listId) }
        matchOnPlacement(index: first)
        flushUserEvents()
        let now = nowMs()
        return [
            "orderListId": listId, "contingencyType": contingency, "listStatusType": "EXEC_STARTED", "listOrderStatus": "EXECUTING",
            "listClientOrderId": listClientId, "transactionTime": now, "symbol": working.symbol,
            "orders": indices.map { ["symbol": orders[$0].symbol, "orderId": orders[$0].orderId, "clientOrderId": orders[$0].clientOrderId] },
            "orderReports": indices.map { FakeJSON.order(orders[$0], transactTime: now) },
        ]
    }

    /// The parameters with a list's `working…` or `pending…` side and quantity where the order parser reads them.
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
    /// balance is locked now (an order the account cannot cover expires; an OTOCO's pair shares one
    /// lock, as an OCO's legs do), and a working one may match.
    func activatePending(after index: Int) {
        let listId = orders[index].orderListId
        guard listId >= 0, orders[index].status == "FILLED" else { return }
        var lockTaken = false
        for pending in orders.indices where orders[pending].orderListId == listId && orders[pending].status == "PENDING_NEW" {
            let order = orders[pending]
            let last = prices[order.symbol] ?? order.price
            let reference = order.price > 0 ? max(order.price, order.stopPrice) : (order.stopPrice > 0 ? max(order.stopPrice, last) : last)
            let amount = lockTaken ? 0 : (order.side == "BUY" ? order.origQty * reference * (1 + config.commissionRate) : order.origQty)
            lockTaken = true
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
