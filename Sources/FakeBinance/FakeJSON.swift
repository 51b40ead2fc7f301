import Foundation
import SparkCore

/// Binance JSON shapes the fake answers with.
enum FakeJSON {
    /// Serializes a JSON object or array (keys sorted, so answers are reproducible).
    ///
    /// Written by hand: `JSONSerialization`'s `.sortedKeys` compares keys through ICU collation, and
    /// every fill's answer and report spent a third of the benchmark's CPU there, on the two cores
    /// the session under measurement shares with the fake.
    static func string(_ value: Any) -> String {
        var out = ""
        out.reserveCapacity(512)
        write(value, to: &out)
        return out
    }

    private static func write(_ value: Any, to out: inout String) {
        switch value {
        case let text as String: out += JSONText.quote(text)
        case let number as Int: out += String(number)
        case let number as Int64: out += String(number)
        case let number as Int32: out += String(number)
        case let flag as Bool: out += flag ? "true" : "false"
        case let object as [String: Any]:
            out += "{"
            for (index, key) in object.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                out += JSONText.quote(key)
                out += ":"
                write(object[key]!, to: &out)
            }
            out += "}"
        case let array as [Any]:
            out += "["
            for (index, element) in array.enumerated() {
                if index > 0 { out += "," }
                write(element, to: &out)
            }
            out += "]"
        case is NSNull: out += "null"
        default:
            // Anything else (a Double, a bridged number) as JSONSerialization writes a fragment.
            let data = (try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])) ?? Data("null".utf8)
            out += String(decoding: data, as: UTF8.self)
        }
    }

    /// Parses a JSON object; nil when the text is not one.
    static func object(_ text: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }

    static func dec(_ value: Decimal) -> String { FakeDecimal.format(value) }

    /// An order as `GET /api/v3/order` / `DELETE` / `openOrders` give it.
    static func order(_ order: FakeOrder, transactTime: Int64? = nil) -> [String: Any] {
        var json: [String: Any] = [
            "symbol": order.symbol, "orderId": order.orderId, "orderListId": order.orderListId, "clientOrderId": order.clientOrderId,
            "price": dec(order.price), "origQty": dec(order.origQty), "executedQty": dec(order.executedQty),
            "cummulativeQuoteQty": dec(order.cummulativeQuoteQty), "status": order.status, "timeInForce": order.timeInForce,
            "type": order.type, "side": order.side, "workingTime": order.workingTime, "selfTradePreventionMode": "NONE",
        ]
        if order.stopPrice > 0 { json["stopPrice"] = dec(order.stopPrice) }
        if let delta = order.trailingDelta { json["trailingDelta"] = delta }
        if let transactTime {
            json["transactTime"] = transactTime
        } else {
            json["time"] = order.time
            json["updateTime"] = order.updateTime
            json["isWorking"] = order.isWorking
            json["origQuoteOrderQty"] = "0.00000000"
        }
        return json
    }

    /// The FULL answer of `POST /api/v3/order`.
    static func fullOrder(_ order: FakeOrder, fills: [FakeTrade], transactTime: Int64) -> [String: Any] {
        var json = self.order(order, transactTime: transactTime)
        json["fills"] = fills.map { fill -> [String: Any] in
            ["price": dec(fill.price), "qty": dec(fill.qty), "commission": dec(fill.commission), "commissionAsset": fill.commissionAsset,
             "tradeId": fill.id]
        }
        return json
    }

    /// A `myTrades` entry.
    static func trade(_ trade: FakeTrade) -> [String: Any] {
        [
            "symbol": trade.symbol, "id": trade.id, "orderId": trade.orderId, "orderListId": trade.orderListId, "price": dec(trade.price),
            "qty": dec(trade.qty), "quoteQty": dec(trade.quoteQty), "commission": dec(trade.commission),
            "commissionAsset": trade.commissionAsset, "time": trade.time, "isBuyer": trade.isBuyer, "isMaker": trade.isMaker,
            "isBestMatch": true,
        ]
    }

    /// An `executionReport` event body.
    static func executionReport(_ order: FakeOrder, execType: String, trade: FakeTrade?, cancelClientId: String, eventTime: Int64) -> [String: Any] {
        let isCancel = !cancelClientId.isEmpty
        return [
            "e": "executionReport", "E": eventTime, "s": order.symbol, "c": isCancel ? cancelClientId : order.clientOrderId,
            "S": order.side, "o": order.type, "f": order.timeInForce, "q": dec(order.origQty), "p": dec(order.price),
            "P": dec(order.stopPrice), "F": "0.00000000", "C": isCancel ? order.clientOrderId : "", "x": execType, "X": order.status,
            "r": "NONE", "i": order.orderId, "l": dec(trade?.qty ?? 0), "z": dec(order.executedQty), "L": dec(trade?.price ?? 0),
            "n": dec(trade?.commission ?? 0), "N": trade.map { $0.commissionAsset as Any } ?? NSNull(), "T": trade?.time ?? order.updateTime,
            "t": trade?.id ?? -1, "I": order.orderId * 2, "w": order.isOpen && order.isWorking, "m": trade?.isMaker ?? false, "M": false,
            "O": order.time, "Z": dec(order.cummulativeQuoteQty), "Y": dec(trade?.quoteQty ?? 0), "Q": "0.00000000",
            "W": order.workingTime, "V": "NONE", "g": order.orderListId,
        ]
    }
}
