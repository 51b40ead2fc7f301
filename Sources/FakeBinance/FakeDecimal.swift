import Foundation

/// Decimal helpers for Binance's string-encoded numbers.
enum FakeDecimal {
    /// Parses a Binance decimal string ("0.00100000"); nil when it is not a plain decimal.
    static func parse(_ text: String?) -> Decimal? {
        guard let text, !text.isEmpty else { return nil }
        let allowed = text.allSatisfy { $0.isNumber || $0 == "." || $0 == "-" }
        guard allowed else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// Formats with exactly `places` decimals, the way Binance prints prices and quantities.
    static func format(_ value: Decimal, places: Int = 8) -> String {
        var input = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, places, .plain)
        let plain = NSDecimalNumber(decimal: rounded).stringValue
        let negative = plain.hasPrefix("-")
        let digits = negative ? String(plain.dropFirst()) : plain
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        let whole = parts.first.map(String.init) ?? "0"
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        fraction += String(repeating: "0", count: max(0, places - fraction.count))
        let body = places == 0 ? whole : whole + "." + fraction
        return negative && rounded != 0 ? "-" + body : body
    }

    /// Rounds down to a multiple of `step`.
    static func floor(_ value: Decimal, step: Decimal) -> Decimal {
        guard step > 0 else { return value }
        var ratio = value / step
        var whole = Decimal()
        NSDecimalRound(&whole, &ratio, 0, .down)
        return whole * step
    }

    /// Whether `value` is an exact multiple of `step` (a zero step accepts anything).
    static func isMultiple(_ value: Decimal, of step: Decimal) -> Bool {
        step == 0 || floor(value, step: step) == value
    }

    /// Rounds to `places` decimals (half up), for commissions and quote amounts.
    static func round(_ value: Decimal, places: Int = 8) -> Decimal {
        var input = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, places, .plain)
        return rounded
    }
}
