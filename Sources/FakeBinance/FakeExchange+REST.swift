import Foundation

extension FakeExchange {
    /// Runs an authenticated REST call; the answer is the JSON text (errors are thrown).
    func execute(_ route: FakeRoute, params: [String: String], apiKey: String) throws(FakeAPIError) -> String {
        let symbol = params["symbol"] ?? ""
        let origId = params["origClientOrderId"]
        let orderId = params["orderId"].flatMap { Int64($0) }
        switch route {
        case .ping: return "{}"
        case .time: return FakeJSON.string(["serverTime": nowMs()])
        case .exchangeInfo: return FakeJSON.string(exchangeInfo(params))
        case .klines:
            guard symbols[symbol] != nil else { throw .unknownSymbol }
            let limit = min(params["limit"].flatMap { Int($0) } ?? 500, 1000)
            let rows = klineRows(
                symbol: symbol, startTime: params["startTime"].flatMap { Int64($0) }, endTime: params["endTime"].flatMap { Int64($0) }, limit: limit
            )
            return FakeJSON.string(rows)
        case .newOrder:
            let clientId = params["newClientOrderId"] ?? "x-fake-\(nextOrderId)"
            let order = try place(FakeOrderRequest.parse(params, clientId: clientId), apiKey: apiKey)
            return FakeJSON.string(FakeJSON.fullOrder(order, fills: fills(orderId: order.orderId), transactTime: order.time))
        case .oco: return FakeJSON.string(try placeOCO(params, apiKey: apiKey))
        case .oto: return FakeJSON.string(try placeOTO(params, apiKey: apiKey, pendingPrefixes: ["pending"]))
        case .otoco: return FakeJSON.string(try placeOTO(params, apiKey: apiKey, pendingPrefixes: ["pendingAbove", "pendingBelow"]))
        case .getOrder:
            return FakeJSON.string(FakeJSON.order(try query(symbol: symbol, clientOrderId: origId, orderId: orderId, apiKey: apiKey)))
        case .cancelOrder:
            let cancelId = params["newClientOrderId"] ?? "cancel-\(nextOrderId)"
            let order = try cancel(symbol: symbol, clientOrderId: origId, orderId: orderId, apiKey: apiKey, cancelId: cancelId)
            var json = FakeJSON.order(order, transactTime: nowMs())
            json["origClientOrderId"] = order.clientOrderId
            json["clientOrderId"] = cancelId
            return FakeJSON.string(json)
        case .openOrders:
            return FakeJSON.string(openOrders(symbol: params["symbol"], apiKey: apiKey).map { FakeJSON.order($0) })
        case .myTrades:
            let limit = min(params["limit"].flatMap { Int($0) } ?? 500, 1000)
            let list = myTrades(symbol: symbol, fromId: params["fromId"].flatMap { Int64($0) }, limit: limit, apiKey: apiKey)
            return FakeJSON.string(list.map { FakeJSON.trade($0) })
        case .account: return FakeJSON.string(account(apiKey: apiKey, omitZero: params["omitZeroBalances"] == "true"))
        }
    }

    /// `GET /api/v3/account`.
    func account(apiKey: String, omitZero: Bool) -> [String: Any] {
        let list = accountBalances(apiKey: apiKey).filter { !omitZero || $0.free != 0 || $0.locked != 0 }
        return [
            "makerCommission": 10, "takerCommission": 10, "canTrade": true, "canWithdraw": true, "canDeposit": true,
            "updateTime": nowMs(), "accountType": "SPOT", "permissions": ["SPOT"],
            "balances": list.map { ["asset": $0.asset, "free": FakeJSON.dec($0.free), "locked": FakeJSON.dec($0.locked)] },
        ]
    }

    /// `GET /api/v3/exchangeInfo` for `symbol`, `symbols=[...]` or all.
    func exchangeInfo(_ params: [String: String]) -> [String: Any] {
        var wanted = Set(symbols.keys)
        if let one = params["symbol"] { wanted = [one] }
        if let many = params["symbols"], let data = many.data(using: .utf8), let list = try? JSONSerialization.jsonObject(with: data) as? [String] {
            wanted = Set(list)
        }
        let limits = config.rateLimits
        return [
            "timezone": "UTC", "serverTime": nowMs(),
            "rateLimits": [
                ["rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1, "limit": limits.requestWeightPerMinute],
                ["rateLimitType": "ORDERS", "interval": "SECOND", "intervalNum": 10, "limit": limits.ordersPer10s],
                ["rateLimitType": "ORDERS", "interval": "DAY", "intervalNum": 1, "limit": limits.ordersPerDay],
            ],
            "exchangeFilters": [Any](),
            "symbols": wanted.sorted().compactMap { symbols[$0].map(Self.symbolInfo) },
        ]
    }

    /// One symbol of exchangeInfo with its filters.
    static func symbolInfo(_ rules: FakeSymbolRules) -> [String: Any] {
        let dec = FakeJSON.dec
        return [
            "symbol": rules.symbol, "status": rules.status, "baseAsset": rules.baseAsset, "quoteAsset": rules.quoteAsset,
            "baseAssetPrecision": 8, "quoteAssetPrecision": 8, "quotePrecision": 8,
            "orderTypes": ["LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT"],
            "icebergAllowed": true, "ocoAllowed": true, "otoAllowed": rules.otoAllowed, "otocoAllowed": true, "isSpotTradingAllowed": true,
            "permissions": [String](), "permissionSets": [["SPOT"]], "defaultSelfTradePreventionMode": "NONE",
            "allowedSelfTradePreventionModes": ["NONE"],
            "filters": [
                ["filterType": "PRICE_FILTER", "minPrice": dec(rules.minPrice), "maxPrice": dec(rules.maxPrice), "tickSize": dec(rules.tickSize)],
                ["filterType": "LOT_SIZE", "minQty": dec(rules.minQty), "maxQty": dec(rules.maxQty), "stepSize": dec(rules.stepSize)],
                ["filterType": "MARKET_LOT_SIZE", "minQty": "0.00000000", "maxQty": dec(rules.marketMaxQty), "stepSize": "0.00000000"],
                ["filterType": "NOTIONAL", "minNotional": dec(rules.minNotional), "applyMinToMarket": true,
                 "maxNotional": dec(rules.maxNotional), "applyMaxToMarket": false, "avgPriceMins": 5],
                ["filterType": "PERCENT_PRICE_BY_SIDE", "bidMultiplierUp": "5", "bidMultiplierDown": "0.2", "askMultiplierUp": "5",
                 "askMultiplierDown": "0.2", "avgPriceMins": 5],
                ["filterType": "MAX_NUM_ORDERS", "maxNumOrders": rules.maxNumOrders],
            ] as [[String: Any]],
        ]
    }
}
