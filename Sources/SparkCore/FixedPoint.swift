/// A price in units of 10^-`priceDecimals` of its instrument.
///
/// The scale lives on the ``Instrument``; a `Price` only means something next to it.
public struct Price: Hashable, Comparable, Sendable {
    public var units: Int64
    public init(units: Int64) { self.units = units }
    public static func < (lhs: Price, rhs: Price) -> Bool { lhs.units < rhs.units }
}

/// A quantity in units of 10^-`quantityDecimals` of its instrument; signed where it is a position.
public struct Quantity: Hashable, Comparable, Sendable {
    public var units: Int64
    public init(units: Int64) { self.units = units }
    public static let zero = Quantity(units: 0)
    public static func < (lhs: Quantity, rhs: Quantity) -> Bool { lhs.units < rhs.units }
    public static func + (lhs: Quantity, rhs: Quantity) -> Quantity { Quantity(units: lhs.units + rhs.units) }
    public static func - (lhs: Quantity, rhs: Quantity) -> Quantity { Quantity(units: lhs.units - rhs.units) }
    public static prefix func - (value: Quantity) -> Quantity { Quantity(units: -value.units) }
}

/// An amount of quote currency, fixed at 10^-8 (a satoshi-sized unit) for every instrument.
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible {
    public static let decimals = 8
    public static let scale: Int64 = 100_000_000
    public var units: Int64
    public init(units: Int64) { self.units = units }
    public static let zero = Money(units: 0)

    /// Converts a decimal amount, rounding to the nearest unit; nil when it is not finite or too large.
    public init?(_ value: Double) {
        guard value.isFinite, abs(value) < 9.0e10 else { return nil }
        units = Int64((value * Double(Money.scale)).rounded())
    }

    public var doubleValue: Double { Double(units) / Double(Money.scale) }
    public var description: String { FixedFormat.string(units, decimals: Money.decimals) }

    public static func + (lhs: Money, rhs: Money) -> Money { Money(units: lhs.units + rhs.units) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(units: lhs.units - rhs.units) }
    public static func += (lhs: inout Money, rhs: Money) { lhs.units += rhs.units }
    public static func -= (lhs: inout Money, rhs: Money) { lhs.units -= rhs.units }
    public static prefix func - (value: Money) -> Money { Money(units: -value.units) }
    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.units < rhs.units }
}

/// Formats and rounds fixed-point integers without going through `Double`.
public enum FixedFormat {
    static let powers: [Int64] = (0...18).map { exponent in
        var value: Int64 = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// 10^`exponent`, for 0...18.
    public static func power(_ exponent: Int) -> Int64 { powers[exponent] }

    /// Renders `units` × 10^-`decimals` with trailing zeros trimmed ("0.02", "43000").
    public static func string(_ units: Int64, decimals: Int) -> String {
        guard decimals > 0 else { return String(units) }
        // Digits right to left into one stack buffer and a single String at the end: padding and
        // trimming Strings cost ~6,000 instructions a number, and every decision formats several.
        let capacity = decimals + 24
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            var magnitude = units.magnitude
            var index = capacity
            var significant = false
            for _ in 0..<decimals {
                let digit = UInt8(magnitude % 10)
                magnitude /= 10
                // Trailing zeros of the fraction are dropped: only digits left of a nonzero one are kept.
                if digit != 0 || significant {
                    index -= 1
                    buffer[index] = UInt8(ascii: "0") + digit
                    significant = true
                }
            }
            if significant {
                index -= 1
                buffer[index] = UInt8(ascii: ".")
            }
            repeat {
                index -= 1
                buffer[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if units < 0 {
                index -= 1
                buffer[index] = UInt8(ascii: "-")
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[index..<capacity]), as: UTF8.self)
        }
    }

    /// Divides with rounding half away from zero; used where an exact product must drop decimals.
    public static func divideRounded(_ value: Int128, by divisor: Int128) -> Int128 {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        if remainder.magnitude * 2 >= divisor.magnitude {
            return quotient + (value < 0 ? -1 : 1)
        }
        return quotient
    }

    /// Parses a decimal literal ("0.01", "43000", "1e-5") into units of 10^-`decimals`; nil when it has more decimals.
    public static func parse(_ text: String, decimals: Int) -> Int64? {
        guard let value = Double(text), value.isFinite else { return nil }
        let scaled = value * Double(power(decimals))
        let rounded = scaled.rounded()
        guard abs(rounded) < 9.0e18, abs(scaled - rounded) <= 1e-6 * max(1, abs(scaled)) else { return nil }
        return Int64(rounded)
    }
}
