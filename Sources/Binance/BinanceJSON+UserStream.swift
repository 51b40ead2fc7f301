extension BinanceJSON {
    /// The `event` object of a user-data push (`{"subscriptionId": 0, "event": {…}}`) as bytes of the
    /// event object: `executionReport`, `outboundAccountPosition` or `eventStreamTerminated`; nil for
    /// event types Spark does not use (`balanceUpdate`, `listStatus`, …).
    public static func userEvent(_ bytes: [UInt8]) throws(GatewayError) -> UserStreamEvent? {
        try userEvent(JSONFields(bytes: bytes, context: "event"))
    }

    static func userEvent(_ fields: JSONFields) throws(GatewayError) -> UserStreamEvent? {
        switch try fields.string("e") {
        case "executionReport":
            let context = JSONFields(fields.object, context: "executionReport")
            return .execution(try executionReport(context), eventTime: try context.int64("E"))
        case "outboundAccountPosition":
            let context = JSONFields(fields.object, context: "outboundAccountPosition")
            var balances: [AssetBalance] = []
            for item in try context.objects("B") {
                balances.append(AssetBalance(asset: try item.string("a"), free: try item.string("f"), locked: try item.string("l")))
            }
            return .balances(balances, eventTime: try context.int64("E"))
        case "eventStreamTerminated":
            return .disconnected(reason: "eventStreamTerminated at \(try fields.int64("E"))")
        default:
            return nil
        }
    }

    /// An executionReport as the order's state; `fills` holds this event's trade when `x` is TRADE.
    /// A cancel's report carries the cancel's own id in `c` and the order's in `C`: the order's is used.
    private static func executionReport(_ fields: JSONFields) throws(GatewayError) -> OrderReport {
        let symbol = try fields.string("s")
        let orderID = try fields.int64("i")
        let original = try fields.optionalString("C") ?? ""
        let clientOrderID = original.isEmpty ? try fields.string("c") : original
        let side = try fields.enumValue("S", as: OrderSide.self)
        let time = try fields.int64("T")
        var fills: [TradeReport] = []
        if try fields.string("x") == "TRADE" {
            let price = try fields.string("L")
            let qty = try fields.string("l")
            let quote = try fields.optionalString("Y") ?? product(price, qty)
            fills.append(TradeReport(
                symbol: symbol, tradeID: try fields.int64("t"), orderID: orderID, clientOrderID: clientOrderID, price: price,
                qty: qty, quoteQty: quote,
                commission: try fields.string("n"), commissionAsset: try fields.optionalString("N") ?? "", time: time,
                isBuyer: side == .buy, isMaker: try fields.bool("m")))
        }
        let stopPrice = try fields.optionalString("P")
        let listID = try fields.optionalInt64("g")
        return OrderReport(
            symbol: symbol, orderID: orderID, clientOrderID: clientOrderID, side: side, type: try fields.enumValue("o", as: OrderType.self),
            status: try fields.enumValue("X", as: OrderStatus.self), price: try fields.string("p"), origQty: try fields.string("q"),
            executedQty: try fields.string("z"), cumulativeQuoteQty: try fields.string("Z"),
            stopPrice: stopPrice.flatMap { isZero($0) ? nil : $0 }, orderListID: listID, updateTime: time, fills: fills)
    }
}
