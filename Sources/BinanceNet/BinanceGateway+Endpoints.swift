public import Binance

extension BinanceGateway {
    public func serverTime() async throws(GatewayError) -> Int64 { try await syncClock() }

    public func exchangeInfo(symbols: [String]) async throws(GatewayError) -> ExchangeInfo {
        var parameters: [(String, String)] = []
        if symbols.count == 1 {
            parameters = [("symbol", symbols[0])]
        } else if !symbols.isEmpty {
            parameters = [("symbols", "[" + symbols.map { "\"\($0)\"" }.joined(separator: ",") + "]")]
        }
        let info = try BinanceJSON.exchangeInfo(try await call("GET", "/api/v3/exchangeInfo", parameters, signing: .none, spends: .query(weight: 20)))
        adopt(rules: info.rateLimits)
        return info
    }

    public func place(_ order: NewOrder) async throws(GatewayError) -> OrderReport {
        var parameters: [(String, String)] = [("symbol", order.symbol), ("side", order.side.rawValue), ("type", order.type.rawValue)]
        if let tif = order.timeInForce { parameters.append(("timeInForce", tif.rawValue)) }
        parameters.append(("quantity", order.quantity))
        if let price = order.price { parameters.append(("price", price)) }
        if let stop = order.stopPrice { parameters.append(("stopPrice", stop)) }
        if let delta = order.trailingDelta { parameters.append(("trailingDelta", String(delta))) }
        parameters += [("newClientOrderId", order.clientOrderID), ("newOrderRespType", "FULL")]
        let body = try await call(
            "POST", "/api/v3/order", parameters, signing: .fixed(timestamp: order.timestamp, recvWindow: order.recvWindow), spends: .newOrder(weight: 1))
        return try Self.unknownIfMalformed { () throws(GatewayError) in try BinanceJSON.order(body) }
    }

    public func placeList(_ list: NewOrderList) async throws(GatewayError) -> [OrderReport] {
        guard let first = list.orders.first else { throw GatewayError(.rejected, message: "refused locally: an order list without orders") }
        let (path, parameters) = try OrderListParameters.make(list)
        let body = try await call(
            "POST", path, parameters, signing: .fixed(timestamp: first.timestamp, recvWindow: first.recvWindow), spends: .newOrder(weight: 1))
        return try Self.unknownIfMalformed { () throws(GatewayError) in try BinanceJSON.orderList(body) }
    }

    public func cancel(symbol: String, clientOrderID: String) async throws(GatewayError) -> OrderReport {
        let body = try await call(
            "DELETE", "/api/v3/order", [("symbol", symbol), ("origClientOrderId", clientOrderID)], signing: .now, spends: .cancel(weight: 1))
        return try Self.unknownIfMalformed { () throws(GatewayError) in try BinanceJSON.order(body) }
    }

    public func query(symbol: String, clientOrderID: String) async throws(GatewayError) -> OrderReport {
        let body = try await call(
            "GET", "/api/v3/order", [("symbol", symbol), ("origClientOrderId", clientOrderID)], signing: .now, spends: .query(weight: 4))
        return try BinanceJSON.order(body)
    }

    public func openOrders(symbol: String) async throws(GatewayError) -> [OrderReport] {
        try BinanceJSON.orders(try await call("GET", "/api/v3/openOrders", [("symbol", symbol)], signing: .now, spends: .query(weight: 6)))
    }

    public func trades(symbol: String, fromID: Int64?) async throws(GatewayError) -> [TradeReport] {
        var parameters = [("symbol", symbol)]
        if let fromID { parameters.append(("fromId", String(fromID))) }
        parameters.append(("limit", "1000"))
        return try BinanceJSON.trades(try await call("GET", "/api/v3/myTrades", parameters, signing: .now, spends: .query(weight: 20)))
    }

    public func account() async throws(GatewayError) -> AccountSnapshot {
        try BinanceJSON.account(try await call("GET", "/api/v3/account", [("omitZeroBalances", "true")], signing: .now, spends: .query(weight: 20)))
    }

    func adopt(rules: [RateLimitRule]) {
        var state = rateLimits
        state.update(rules: rules)
        replaceRateLimits(state)
    }

    /// An order call whose 2xx answer cannot be read took effect in some way nobody knows: query it.
    static func unknownIfMalformed<T>(_ parse: () throws(GatewayError) -> T) throws(GatewayError) -> T {
        do {
            return try parse()
        } catch {
            throw GatewayError(.unknownOutcome, code: error.code, message: "the order was answered but the answer is unreadable: \(error.message)")
        }
    }
}
