import Foundation
import MarketData
import SparkCore

/// One kline of the REST response: `[openTime, "open", "high", "low", "close", "volume", closeTime, …]`.
struct KlineRow {
    var openTime: Int64
    var closeTime: Int64
    var bar: Bar

    struct ParseError: Error {
        var message: String
    }

    /// Rows of a klines response body.
    static func parse(_ body: [UInt8]) throws(ParseError) -> [KlineRow] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(body))
        } catch {
            throw ParseError(message: "not JSON (\(body.count) bytes starting '\(String(decoding: body.prefix(40), as: UTF8.self))')")
        }
        guard let rows = object as? [Any] else { throw ParseError(message: "expected a JSON array of klines") }
        var result: [KlineRow] = []
        result.reserveCapacity(rows.count)
        for (index, item) in rows.enumerated() {
            guard let fields = item as? [Any], fields.count >= 7,
                  let openTime = integer(fields[0]), let closeTime = integer(fields[6]),
                  let open = number(fields[1]), let high = number(fields[2]), let low = number(fields[3]),
                  let close = number(fields[4]), let volume = number(fields[5])
            else {
                throw ParseError(message: "kline \(index + 1) is not [openTime, open, high, low, close, volume, closeTime, …]")
            }
            guard high >= low, volume >= 0 else {
                throw ParseError(message: "kline \(index + 1) has high below low or a negative volume")
            }
            result.append(KlineRow(openTime: openTime, closeTime: closeTime, bar: Bar(symbol: SymbolID(0), time: openTime, open: open, high: high, low: low, close: close, volume: volume)))
        }
        return result
    }

    private static func integer(_ value: Any) -> Int64? {
        if let number = value as? Int64 { return number }
        if let number = value as? Int { return Int64(number) }
        return nil
    }

    /// Binance sends prices and volumes as decimal strings, which keeps them exact.
    private static func number(_ value: Any) -> Double? {
        if let text = value as? String, let number = Double(text), number.isFinite { return number }
        if let number = value as? NSNumber { return number.doubleValue.isFinite ? number.doubleValue : nil }
        return nil
    }
}
