extension BinanceJSON {
    /// `GET /api/v3/exchangeInfo`: rate limits and each symbol's status and filters.
    public static func exchangeInfo(_ bytes: [UInt8]) throws(GatewayError) -> ExchangeInfo {
        let fields = try JSONFields(bytes: bytes, context: "exchangeInfo")
        var limits: [RateLimitRule] = []
        for item in try fields.objects("rateLimits") {
            limits.append(RateLimitRule(
                type: try item.enumValue("rateLimitType", as: RateLimitRule.LimitType.self),
                interval: try item.enumValue("interval", as: RateLimitRule.Interval.self),
                intervalNum: Int(try item.int64("intervalNum")), limit: Int(try item.int64("limit"))))
        }
        var symbols: [SymbolRules] = []
        for item in try fields.objects("symbols") { symbols.append(try symbol(item)) }
        return ExchangeInfo(serverTime: try fields.int64("serverTime"), rateLimits: limits, symbols: symbols)
    }

    private static func symbol(_ item: JSONFields) throws(GatewayError) -> SymbolRules {
        guard let typeNames = item.object["orderTypes"] as? [String] else { throw item.fail("orderTypes", "is not a list of text") }
        // Order types Spark does not send (none today) are skipped rather than failing the whole answer.
        let types = typeNames.compactMap(OrderType.init(rawValue:))
        var filters: [String: JSONFields] = [:]
        for filter in try item.objects("filters") { filters[try filter.string("filterType")] = filter }
        guard let price = filters["PRICE_FILTER"] else { throw item.fail("filters", "has no PRICE_FILTER") }
        guard let lot = filters["LOT_SIZE"] else { throw item.fail("filters", "has no LOT_SIZE") }
        let notional = filters["NOTIONAL"]
        var minNotional = try notional?.string("minNotional")
        if minNotional == nil, let legacy = filters["MIN_NOTIONAL"] { minNotional = try legacy.string("minNotional") }
        var rules = SymbolRules(
            symbol: try item.string("symbol"), status: try item.string("status"), baseAsset: try item.string("baseAsset"),
            quoteAsset: try item.string("quoteAsset"), orderTypes: types, ocoAllowed: try item.has("ocoAllowed") ? item.bool("ocoAllowed") : false,
            otocoAllowed: try item.has("otocoAllowed") ? item.bool("otocoAllowed") : false, tickSize: try price.string("tickSize"),
            minPrice: try price.string("minPrice"), maxPrice: try price.string("maxPrice"), stepSize: try lot.string("stepSize"),
            minQty: try lot.string("minQty"), maxQty: try lot.string("maxQty"), minNotional: minNotional ?? "0")
        rules.marketMaxQty = try filters["MARKET_LOT_SIZE"]?.string("maxQty")
        rules.maxNotional = try notional?.optionalString("maxNotional")
        if let notional, notional.has("applyMinToMarket") { rules.applyMinToMarket = try notional.bool("applyMinToMarket") }
        if let percent = filters["PERCENT_PRICE_BY_SIDE"] {
            rules.percentPrice = PercentPriceBySide(
                bidMultiplierUp: try percent.string("bidMultiplierUp"), bidMultiplierDown: try percent.string("bidMultiplierDown"),
                askMultiplierUp: try percent.string("askMultiplierUp"), askMultiplierDown: try percent.string("askMultiplierDown"))
        }
        if rules.percentPrice == nil, let percent = filters["PERCENT_PRICE"] {
            let up = try percent.string("multiplierUp"), down = try percent.string("multiplierDown")
            rules.percentPrice = PercentPriceBySide(bidMultiplierUp: up, bidMultiplierDown: down, askMultiplierUp: up, askMultiplierDown: down, filterType: "PERCENT_PRICE")
        }
        if let maxOrders = filters["MAX_NUM_ORDERS"] { rules.maxNumOrders = Int(try maxOrders.int64("maxNumOrders")) }
        if let maxAlgo = filters["MAX_NUM_ALGO_ORDERS"] { rules.maxNumAlgoOrders = Int(try maxAlgo.int64("maxNumAlgoOrders")) }
        if item.has("otoAllowed") { rules.otoAllowed = try item.bool("otoAllowed") }
        return rules
    }
}
