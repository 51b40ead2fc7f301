public import Binance

/// The path and parameters of an order list: OCO (`/api/v3/orderList/oco`, above leg then below leg),
/// OTO (`/api/v3/orderList/oto`, the working order then the pending one) or OTOCO
/// (`/api/v3/orderList/otoco`, the working order then the pending above and below legs).
enum OrderListParameters {
    static func make(_ list: NewOrderList) throws(GatewayError) -> (String, [(String, String)]) {
        switch list.kind {
        case .oco:
            guard list.orders.count == 2 else { throw GatewayError(.rejected, message: "refused locally: an OCO has two orders") }
            let above = list.orders[0]
            var parameters = [("symbol", above.symbol), ("side", above.side.rawValue), ("quantity", above.quantity)]
            parameters += leg(above, prefix: "above") + leg(list.orders[1], prefix: "below")
            parameters += [("listClientOrderId", list.listClientOrderID), ("newOrderRespType", "FULL")]
            return ("/api/v3/orderList/oco", parameters)
        case .oto:
            guard list.orders.count == 2 else { throw GatewayError(.rejected, message: "refused locally: an OTO has two orders") }
            let pending = list.orders[1]
            var parameters = [("symbol", list.orders[0].symbol)] + working(list.orders[0])
            parameters += [("pendingSide", pending.side.rawValue), ("pendingQuantity", pending.quantity)] + leg(pending, prefix: "pending")
            parameters += [("listClientOrderId", list.listClientOrderID), ("newOrderRespType", "FULL")]
            return ("/api/v3/orderList/oto", parameters)
        case .otoco:
            guard list.orders.count == 3 else { throw GatewayError(.rejected, message: "refused locally: an OTOCO has three orders") }
            let pending = list.orders[1]
            var parameters = [("symbol", list.orders[0].symbol)] + working(list.orders[0])
            parameters += [("pendingSide", pending.side.rawValue), ("pendingQuantity", pending.quantity)]
            parameters += leg(pending, prefix: "pendingAbove") + leg(list.orders[2], prefix: "pendingBelow")
            parameters += [("listClientOrderId", list.listClientOrderID), ("newOrderRespType", "FULL")]
            return ("/api/v3/orderList/otoco", parameters)
        }
    }

    /// The working order of an OTO or OTOCO (LIMIT or LIMIT_MAKER).
    private static func working(_ order: NewOrder) -> [(String, String)] {
        var parameters = [("workingType", order.type.rawValue), ("workingSide", order.side.rawValue)]
        parameters += [("workingClientOrderId", order.clientOrderID), ("workingPrice", order.price ?? "0"), ("workingQuantity", order.quantity)]
        if let tif = order.timeInForce { parameters.append(("workingTimeInForce", tif.rawValue)) }
        return parameters
    }

    private static func leg(_ order: NewOrder, prefix: String) -> [(String, String)] {
        var parameters = [("\(prefix)Type", order.type.rawValue), ("\(prefix)ClientOrderId", order.clientOrderID)]
        if let price = order.price { parameters.append(("\(prefix)Price", price)) }
        if let stop = order.stopPrice { parameters.append(("\(prefix)StopPrice", stop)) }
        if let delta = order.trailingDelta { parameters.append(("\(prefix)TrailingDelta", String(delta))) }
        if let tif = order.timeInForce { parameters.append(("\(prefix)TimeInForce", tif.rawValue)) }
        return parameters
    }
}
