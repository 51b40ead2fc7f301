import Foundation

/// Exchange decimal text as exact decimals: filters, balances and fees are compared without `Double`.
enum DecimalText {
    private static let posix = Locale(identifier: "en_US_POSIX")

    /// The exact value of `text`. The exchange's plain form (`-0.00100000`, up to 18 digits) is read
    /// digit by digit; anything else goes to `Decimal(string:)`. Each order reads a dozen filter
    /// values, and the parser with a fresh `Locale` cost about 5 µs a value.
    static func value(_ text: String) -> Decimal? {
        var significand: UInt64 = 0, digits = 0, decimals = 0, negative = false, point = false, plain = true
        for (index, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if significand > 0 || byte != UInt8(ascii: "0") { digits += 1 }
                significand = significand &* 10 &+ UInt64(byte - UInt8(ascii: "0"))
                if point { decimals += 1 }
            case UInt8(ascii: "-") where index == 0: negative = true
            case UInt8(ascii: ".") where !point: point = true
            default: plain = false
            }
            if !plain || digits > 18 { return Decimal(string: text, locale: posix) }
        }
        let count = text.utf8.count - (negative ? 1 : 0) - (point ? 1 : 0)
        guard count > 0 else { return Decimal(string: text, locale: posix) }
        return Decimal(sign: negative ? .minus : .plus, exponent: -decimals, significand: Decimal(significand))
    }

    /// Whether `value` is a whole multiple of `step` (a zero step allows anything).
    static func isMultiple(_ value: Decimal, of step: Decimal) -> Bool {
        guard step != 0 else { return true }
        var ratio = value / step
        var whole = Decimal()
        NSDecimalRound(&whole, &ratio, 0, .plain)
        return whole == ratio
    }

    /// `text` in units of 10^-`decimals`, when it has no more decimals than that.
    static func units(_ text: String, decimals: Int) -> Int64? {
        guard var value = value(text) else { return nil }
        var scaled = Decimal()
        _ = NSDecimalMultiplyByPowerOf10(&scaled, &value, Int16(decimals), .plain)
        var whole = Decimal()
        NSDecimalRound(&whole, &scaled, 0, .plain)
        guard whole == scaled, abs(whole) < Decimal(Int64.max / 2) else { return nil }
        return NSDecimalNumber(decimal: whole).int64Value
    }

    /// `text` in units of 10^-`decimals`, rounded half away from zero.
    static func roundedUnits(_ value: Decimal, decimals: Int) -> Int64 {
        var value = value
        var scaled = Decimal()
        _ = NSDecimalMultiplyByPowerOf10(&scaled, &value, Int16(decimals), .plain)
        var whole = Decimal()
        NSDecimalRound(&whole, &scaled, 0, .plain)
        return NSDecimalNumber(decimal: whole).int64Value
    }

    static func text(_ value: Decimal) -> String { NSDecimalNumber(decimal: value).stringValue }
}
