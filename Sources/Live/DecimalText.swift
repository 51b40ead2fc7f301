import Foundation

/// Exchange decimal text as exact decimals: filters, balances and fees are compared without `Double`.
enum DecimalText {
    static func value(_ text: String) -> Decimal? {
        Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
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
