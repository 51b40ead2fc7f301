/// Parses decimal numbers straight from bytes, so a CSV field never becomes a `String`.
///
/// The fast path is Clinger's: a mantissa of at most 2^53 scaled by at most 10^22 is exact in a
/// `Double`, so one multiplication or division rounds correctly and agrees with `strtod`. Anything
/// else (more than 19 significant digits, large exponents) falls back to the standard library.
public enum DecimalParser {
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The value of `bytes` (surrounding spaces allowed), or nil when it is not a plain decimal
    /// number (`nan`, `inf`, hex and empty fields are all nil).
    @inline(__always)
    public static func double(_ bytes: UnsafeRawBufferPointer) -> Double? {
        if let value = shortDouble(bytes) { return value }
        return generalDouble(bytes)
    }

    /// The common case of a CSV price: `[-+]digits[.digits]` with at most 15 digits in all, no
    /// spaces, no exponent. The digits accumulate into an integer below 10^15 < 2^53 and one
    /// division by an exact power of ten rounds it, so the result is bit for bit what
    /// ``generalDouble(_:)`` returns (same mantissa, same exponent, same operation). Nil for
    /// anything else, which then takes the general path (and its errors).
    @inline(__always)
    static func shortDouble(_ bytes: UnsafeRawBufferPointer) -> Double? {
        guard let base = bytes.baseAddress else { return nil }
        let n = bytes.count
        guard n > 0 else { return nil }
        let first = base.load(as: UInt8.self)
        let negative = first == UInt8(ascii: "-")
        var i = negative || first == UInt8(ascii: "+") ? 1 : 0
        // At most 15 digits and one point after the sign.
        guard n - i <= 16 else { return nil }
        let digitsStart = i
        var mantissa: UInt64 = 0
        while i < n {
            let digit = base.load(fromByteOffset: i, as: UInt8.self) &- 0x30
            guard digit < 10 else { break }
            mantissa = mantissa &* 10 &+ UInt64(digit)
            i += 1
        }
        var fractionDigits = 0
        if i < n {
            guard base.load(fromByteOffset: i, as: UInt8.self) == UInt8(ascii: ".") else { return nil }
            i += 1
            let fractionStart = i
            while i < n {
                let digit = base.load(fromByteOffset: i, as: UInt8.self) &- 0x30
                guard digit < 10 else { return nil }
                mantissa = mantissa &* 10 &+ UInt64(digit)
                i += 1
            }
            fractionDigits = n - fractionStart
            // 16 characters with a point are at most 15 digits; without one, 16 digits are too many.
            guard n - digitsStart > 1 else { return nil }
        } else if n - digitsStart > 15 || n == digitsStart {
            return nil
        }
        // Below 2^53, so the signed conversion (one instruction) gives the same Double.
        var value = Double(Int64(bitPattern: mantissa))
        if fractionDigits > 0 { value = value / exactPowerOfTen(fractionDigits) }
        return negative ? -value : value
    }

    /// 10^`exponent` for 1...15 as literals: no array access (nor its retain) on the row path.
    @inline(__always)
    private static func exactPowerOfTen(_ exponent: Int) -> Double {
        switch exponent {
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        default: 1e15
        }
    }

    /// Any decimal the file may hold: surrounding spaces, exponents, long mantissas.
    static func generalDouble(_ bytes: UnsafeRawBufferPointer) -> Double? {
        var i = 0
        var n = bytes.count
        while i < n, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        while n > i, bytes[n - 1] == 0x20 || bytes[n - 1] == 0x09 { n -= 1 }
        guard i < n else { return nil }
        let start = i
        var negative = false
        if bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var truncated = false
        var sawDigit = false
        while i < n {
            let digit = bytes[i] &- 0x30
            guard digit < 10 else { break }
            sawDigit = true
            if significant < 19 {
                mantissa = mantissa &* 10 &+ UInt64(digit)
                if mantissa != 0 { significant += 1 }
            } else {
                exponent += 1
                truncated = true
            }
            i += 1
        }
        if i < n, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < n {
                let digit = bytes[i] &- 0x30
                guard digit < 10 else { break }
                sawDigit = true
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    if mantissa != 0 { significant += 1 }
                    exponent -= 1
                } else if digit != 0 {
                    truncated = true
                }
                i += 1
            }
        }
        guard sawDigit else { return nil }
        if i < n, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var negativeExponent = false
            if i < n, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                negativeExponent = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var value = 0
            var sawExponentDigit = false
            while i < n {
                let digit = bytes[i] &- 0x30
                guard digit < 10 else { break }
                sawExponentDigit = true
                if value < 100_000 { value = value * 10 + Int(digit) }
                i += 1
            }
            guard sawExponentDigit else { return nil }
            exponent += negativeExponent ? -value : value
        }
        guard i == n else { return nil }

        if !truncated, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            var value = Double(mantissa)
            value = exponent < 0 ? value / powersOfTen[-exponent] : value * powersOfTen[exponent]
            return negative ? -value : value
        }
        // Rare: too many digits or a big exponent. Allocating here is fine.
        return Double(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<n]), as: UTF8.self))
    }

    /// Non-negative integer digits of `bytes[range]`, or nil on any other byte or overflow.
    @inline(__always)
    static func digits(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int64? {
        guard !range.isEmpty else { return nil }
        var value: Int64 = 0
        for i in range {
            let digit = bytes[i] &- 0x30
            guard digit < 10 else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int64(digit))
            guard !o1, !o2 else { return nil }
            value = sum
        }
        return value
    }
}
