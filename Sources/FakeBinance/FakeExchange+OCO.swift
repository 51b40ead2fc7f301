import Foundation

extension FakeExchange {
    /// `POST /api/v3/orderList/oco`: two legs sharing one lock; one leg's fill or trigger expires the other.
    func placeOCO(_ params: [String: String], apiKey: String) throws(FakeAPIError) -> [String: Any] {
        let listClientId = params["listClientOrderId"] ?? "oco_\(nextListId)"
        let above = try FakeOrderRequest.parse(params, prefix: "above", clientId: params["aboveClientOrderId"] ?? "\(listClientId)_a")
        let below = try FakeOrderRequest.parse(params, prefix: "below", clientId: params["belowClientOrderId"] ?? "\(listClientId)_b")
        let allowed: Set<String> = ["LIMIT_MAKER", "STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT"]
        guard allowed.contains(above.type), allowed.contains(below.type) else {
            throw FakeAPIError(code: -1106, msg: "Parameter 'aboveType' sent when not required.")
        }
        guard let last = prices[above.symbol] else { throw .unknownSymbol }
        let abovePrice = max(above.price, above.stopPrice)
        let belowPrice = max(below.price, below.stopPrice)
        guard abovePrice > last, belowPrice < last else {
            throw FakeAPIError(code: -2010, msg: "The relationship of the prices for the orders is not correct.")
        }
        let perUnit = above.side == "BUY" ? abovePrice * (1 + config.commissionRate) : 1
        let listId = nextListId
        let first = try accept(below, apiKey: apiKey, listId: listId, lockOverride: above.quantity * perUnit)
        let second: Int
        do {
            second = try accept(above, apiKey: apiKey, listId: listId, lockOverride: 0)
        } catch {
            expire(index: first, status: "CANCELED")
            flushUserEvents()
            throw error
        }
        nextListId += 1
        let now = nowMs()
        flushUserEvents()
        return [
            "orderListId": listId, "contingencyType": "OCO", "listStatusType": "EXEC_STARTED", "listOrderStatus": "EXECUTING",
            "listClientOrderId": listClientId, "transactionTime": now, "symbol": above.symbol,
            "orders": [first, second].map { ["symbol": orders[$0].symbol, "orderId": orders[$0].orderId, "clientOrderId": orders[$0].clientOrderId] },
            "orderReports": [first, second].map { FakeJSON.order(orders[$0], transactTime: now) },
        ]
    }
}
