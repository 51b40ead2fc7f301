import Foundation

/// Reads Binance's JSON answers (docs/binance-subset.md) into the value types; a wrong or missing
/// field is a ``GatewayError/Kind/malformed`` error naming the field.
public enum BinanceJSON {
    /// `{"serverTime": …}` of `GET /api/v3/time`.
    public static func serverTime(_ bytes: [UInt8]) throws(GatewayError) -> Int64 {
        try JSONFields(bytes: bytes, context: "time").int64("serverTime")
    }

    /// An order answer: FULL (with `fills`) from `POST /api/v3/order`, or `GET` / `DELETE /api/v3/order`.
    public static func order(_ bytes: [UInt8]) throws(GatewayError) -> OrderReport {
        try order(JSONFields(bytes: bytes, context: "order"))
    }

    /// The list of `GET /api/v3/openOrders`.
    public static func orders(_ bytes: [UInt8]) throws(GatewayError) -> [OrderReport] {
        var out: [OrderReport] = []
        for fields in try JSONFields.list(bytes: bytes, context: "openOrders") { out.append(try order(fields)) }
        return out
    }

    /// The `orderReports` of an order-list answer (`POST /api/v3/orderList/oco`, `/otoco`).
    public static func orderList(_ bytes: [UInt8]) throws(GatewayError) -> [OrderReport] {
        var out: [OrderReport] = []
        for fields in try JSONFields(bytes: bytes, context: "orderList").objects("orderReports") { out.append(try order(fields)) }
        return out
    }

    /// The list of `GET /api/v3/myTrades`, oldest first.
    public static func trades(_ bytes: [UInt8]) throws(GatewayError) -> [TradeReport] {
        var out: [TradeReport] = []
        for fields in try JSONFields.list(bytes: bytes, context: "myTrades") {
            out.append(TradeReport(
                symbol: try fields.string("symbol"), tradeID: try fields.int64("id"), orderID: try fields.int64("orderId"),
                price: try fields.string("price"), qty: try fields.string("qty"), quoteQty: try fields.string("quoteQty"),
                commission: try fields.string("commission"), commissionAsset: try fields.string("commissionAsset"),
                time: try fields.int64("time"), isBuyer: try fields.bool("isBuyer"), isMaker: try fields.bool("isMaker")))
        }
        return out
    }

    /// `GET /api/v3/account`.
    public static func account(_ bytes: [UInt8]) throws(GatewayError) -> AccountSnapshot {
        let fields = try JSONFields(bytes: bytes, context: "account")
        var balances: [AssetBalance] = []
        for item in try fields.objects("balances") {
            balances.append(AssetBalance(asset: try item.string("asset"), free: try item.string("free"), locked: try item.string("locked")))
        }
        return AccountSnapshot(balances: balances, updateTime: try fields.int64("updateTime"), canTrade: try fields.bool("canTrade"))
    }

    /// A Binance error body `{"code": -2010, "msg": "…"}`: nil when the body is not one.
    public static func error(_ bytes: [UInt8]) -> (code: Int, message: String)? {
        guard let fields = try? JSONFields(bytes: bytes, context: "error"), let code = try? fields.int64("code") else { return nil }
        return (Int(code), (try? fields.string("msg")) ?? "")
    }

    static func order(_ fields: JSONFields) throws(GatewayError) -> OrderReport {
        let symbol = try fields.string("symbol")
        let orderID = try fields.int64("orderId")
        let clientOrderID = try fields.string("clientOrderId")
        let side = try fields.enumValue("side", as: OrderSide.self)
        var stamp: Int64?
        for name in ["updateTime", "transactTime", "time", "workingTime"] where stamp == nil { stamp = try fields.optionalInt64(name) }
        guard let updateTime = stamp else { throw fields.fail("updateTime", "is missing (nor transactTime, time or workingTime)") }
        var fills: [TradeReport] = []
        if fields.has("fills") {
            for fill in try fields.objects("fills") {
                fills.append(try orderFill(fill, symbol: symbol, orderID: orderID, clientOrderID: clientOrderID, side: side, time: updateTime))
            }
        }
        let stopPrice = try fields.optionalString("stopPrice")
        return OrderReport(
            symbol: symbol, orderID: orderID, clientOrderID: clientOrderID, side: side, type: try fields.enumValue("type", as: OrderType.self),
            status: try fields.enumValue("status", as: OrderStatus.self), price: try fields.string("price"), origQty: try fields.string("origQty"),
            executedQty: try fields.string("executedQty"), cumulativeQuoteQty: try fields.string("cummulativeQuoteQty"),
            stopPrice: stopPrice.flatMap { isZero($0) ? nil : $0 }, orderListID: try fields.optionalInt64("orderListId"),
            updateTime: updateTime, fills: fills)
    }

    /// A fill of a FULL answer: it took liquidity (the order just arrived), at the answer's time.
    private static func orderFill(
        _ fill: JSONFields, symbol: String, orderID: Int64, clientOrderID: String, side: OrderSide, time: Int64
    ) throws(GatewayError) -> TradeReport {
        let price = try fill.string("price")
        let qty = try fill.string("qty")
        return TradeReport(
            symbol: symbol, tradeID: try fill.int64("tradeId"), orderID: orderID, clientOrderID: clientOrderID, price: price, qty: qty,
            quoteQty: product(price, qty), commission: try fill.string("commission"), commissionAsset: try fill.string("commissionAsset"),
            time: time, isBuyer: side == .buy, isMaker: false)
    }

    /// price × qty as exact decimal text (a FULL answer's fills do not carry the quote amount).
    static func product(_ a: String, _ b: String) -> String {
        guard let x = Decimal(string: a, locale: Locale(identifier: "en_US_POSIX")),
              let y = Decimal(string: b, locale: Locale(identifier: "en_US_POSIX")) else { return "0" }
        var result = x * y
        var rounded = Decimal()
        NSDecimalRound(&rounded, &result, 16, .plain)
        return NSDecimalNumber(decimal: rounded).description(withLocale: Locale(identifier: "en_US_POSIX"))
    }

    static func isZero(_ text: String) -> Bool { text.allSatisfy { $0 == "0" || $0 == "." } }
}
