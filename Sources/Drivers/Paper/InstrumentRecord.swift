import Foundation
import SparkCore

/// An instrument as journals store it, so a replay uses the grid the session used.
enum InstrumentRecord {
    static func json(_ instrument: Instrument) -> String {
        JSON.object([
            ("quote", JSON.string(instrument.quote)), ("price_decimals", String(instrument.priceDecimals)), ("tick", String(instrument.tick)),
            ("quantity_decimals", String(instrument.quantityDecimals)), ("step", String(instrument.step)),
            ("min_quantity", String(instrument.minQuantity)), ("min_notional", String(instrument.minNotional.units)),
            ("short", instrument.allowShort ? "true" : "false"), ("session_calendar", instrument.sessionCalendar ? "true" : "false"),
        ])
    }

    static func instrument(_ value: Any?, symbol: String, path: String) throws(ConfigError) -> Instrument {
        guard let object = value as? [String: Any] else {
            throw ConfigError(.journal, "header lacks the instrument", file: path, line: 1)
        }
        func integer(_ key: String) throws(ConfigError) -> Int64 {
            guard let number = object[key] as? NSNumber else {
                throw ConfigError(.journal, "header instrument lacks \(key)", file: path, line: 1)
            }
            return number.int64Value
        }
        return Instrument(
            symbol: symbol, quote: object["quote"] as? String ?? "USDT", priceDecimals: Int(try integer("price_decimals")),
            tick: try integer("tick"), quantityDecimals: Int(try integer("quantity_decimals")), step: try integer("step"),
            minQuantity: try integer("min_quantity"), minNotional: Money(units: try integer("min_notional")),
            allowShort: object["short"] as? Bool ?? false, sessionCalendar: object["session_calendar"] as? Bool ?? false
        )
    }
}
