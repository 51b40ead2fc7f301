/// The JSON examples of docs/binance-subset.md (and Binance's docs for what it abbreviates).
enum BinanceJSONFixtures {
    static let fullOrder = """
        {"symbol": "BTCUSDT", "orderId": 28, "orderListId": -1, "clientOrderId": "sk1-acct1-0-1-o0",
         "transactTime": 1507725176595, "price": "0.00000000", "origQty": "10.00000000",
         "executedQty": "10.00000000", "cummulativeQuoteQty": "10.00000000", "status": "FILLED",
         "timeInForce": "GTC", "type": "MARKET", "side": "SELL", "workingTime": 1507725176595,
         "selfTradePreventionMode": "NONE",
         "fills": [{"price": "4000.00000000", "qty": "1.00000000", "commission": "4.00000000",
                    "commissionAsset": "USDT", "tradeId": 56}]}
        """
    static let queriedOrder = """
        {"symbol": "BTCUSDT", "orderId": 29, "orderListId": -1, "clientOrderId": "sk1-acct1-0-2-o0", "price": "30000.00",
         "origQty": "0.01", "executedQty": "0.005", "cummulativeQuoteQty": "150.00", "status": "PARTIALLY_FILLED",
         "timeInForce": "GTC", "type": "STOP_LOSS_LIMIT", "side": "BUY", "stopPrice": "29900.00", "icebergQty": "0.0",
         "time": 1499827319559, "updateTime": 1499827319999, "isWorking": true, "workingTime": 1499827319559,
         "origQuoteOrderQty": "0.000000", "selfTradePreventionMode": "NONE"}
        """
    static let trades = """
        [{"symbol": "BTCUSDT", "id": 28457, "orderId": 100234, "orderListId": -1, "price": "4.00000100", "qty": "12.00000000",
          "quoteQty": "48.000012", "commission": "10.10000000", "commissionAsset": "BNB", "time": 1499865549590,
          "isBuyer": true, "isMaker": false, "isBestMatch": true}]
        """
    static let account = """
        {"canTrade": true, "updateTime": 123456789, "balances": [{"asset": "BTC", "free": "0.1", "locked": "0"},
         {"asset": "USDT", "free": "1000.5", "locked": "20"}]}
        """
    static let exchangeInfo = """
        {"timezone": "UTC", "serverTime": 1565246363776, "rateLimits": [{"rateLimitType":
        "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1, "limit": 6000}, {"rateLimitType":
        "ORDERS", "interval": "SECOND", "intervalNum": 10, "limit": 100}, {"rateLimitType": "ORDERS",
        "interval": "DAY", "intervalNum": 1, "limit": 200000}], "symbols": [{"symbol": "BTCUSDT", "status":
        "TRADING", "baseAsset": "BTC", "quoteAsset": "USDT", "baseAssetPrecision": 8, "quoteAssetPrecision": 8,
        "orderTypes": ["LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT",
        "TAKE_PROFIT_LIMIT"], "ocoAllowed": true, "otoAllowed": true, "otocoAllowed": true, "filters": [{"filterType":
        "PRICE_FILTER", "minPrice": "0.01", "maxPrice": "1000000.00", "tickSize": "0.01"}, {"filterType":
        "LOT_SIZE", "minQty": "0.00001", "maxQty": "9000.0", "stepSize": "0.00001"}, {"filterType":
        "MARKET_LOT_SIZE", "minQty": "0", "maxQty": "100", "stepSize": "0"}, {"filterType": "NOTIONAL",
        "minNotional": "5.0", "applyMinToMarket": true, "maxNotional": "9000000.0", "applyMaxToMarket":
        false, "avgPriceMins": 5}, {"filterType": "PERCENT_PRICE_BY_SIDE", "bidMultiplierUp": "5",
        "bidMultiplierDown": "0.2", "askMultiplierUp": "5", "askMultiplierDown": "0.2", "avgPriceMins": 5},
        {"filterType": "MAX_NUM_ORDERS", "maxNumOrders": 200}, {"filterType": "MAX_NUM_ALGO_ORDERS",
        "maxNumAlgoOrders": 5}]}]}
        """
    static func executionReport(x: String, status: String, c: String = "sk1-acct1-0-2-o0", bigC: String = "") -> String {
        """
        {"subscriptionId": 0, "event": {"e": "executionReport", "E": 1499405658658, "s": "BTCUSDT", "c": "\(c)",
        "S": "BUY", "o": "LIMIT", "f": "GTC", "q": "1.00000000", "p": "0.10264410", "P": "0.00000000", "F": "0.00000000",
        "g": -1, "C": "\(bigC)", "x": "\(x)", "X": "\(status)", "r": "NONE", "i": 4293153, "l": "0.40000000",
        "z": "0.40000000", "L": "0.10264410", "n": "0.00004000", "N": "BNB", "T": 1499405658657, "t": 77, "I": 8641984,
        "w": true, "m": true, "M": false, "O": 1499405658657, "Z": "0.04105764", "Y": "0.04105764", "Q": "0.00000000",
        "W": 1499405658657, "V": "NONE"}}
        """
    }
    static let accountPosition = """
        {"subscriptionId": 0, "event": {"e": "outboundAccountPosition", "E": 1564034571105, "u": 1564034571073,
         "B": [{"a": "ETH", "f": "10000.000000", "l": "0.000000"}]}}
        """
    static let terminated = #"{"subscriptionId": 0, "event": {"e": "eventStreamTerminated", "E": 1728973001334}}"#
}
