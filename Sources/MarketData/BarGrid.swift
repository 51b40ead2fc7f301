public import SparkCore

/// The price grid and bar spacing of a series, inferred as its bars arrive.
///
/// ``priceDecimals`` is the fewest decimals that write every price seen (so `1.08234` makes it 5);
/// ``spacing`` is the smallest gap between consecutive bar times, which is the bar interval however
/// many bars are missing. Both are checked against the instrument and `--interval` before a result
/// is trusted (docs/data.md). O(1) per bar and no allocation: a price only ever widens the grid, so
/// each decimal is tested once more than it is kept.
public struct BarGrid: Sendable, Equatable {
    /// Decimals past which no price is tested: a price needing more is off any tradable grid anyway.
    public static let maxDecimals = 10
    /// The fewest decimals that write every price added so far.
    public private(set) var priceDecimals = 0
    /// The smallest gap between consecutive bar times, in ms; nil before two bars.
    public private(set) var spacing: Int64?
    /// Bars added.
    public private(set) var bars = 0
    private var lastTime: Int64?
    /// 10^priceDecimals, kept beside it: the common case (a price already on the grid) is one
    /// multiplication and one comparison, with no table look-up.
    private var scale = 1.0

    public init() {}

    /// Takes one bar into the grid and the spacing.
    @inline(__always)
    public mutating func add(_ bar: Bar) {
        widen(bar.open)
        widen(bar.high)
        widen(bar.low)
        widen(bar.close)
        if let lastTime, bar.time > lastTime, bar.time - lastTime < spacing ?? .max {
            spacing = bar.time - lastTime
        }
        lastTime = bar.time
        bars += 1
    }

    /// The price step the bars need, written as in the instruments file: `0.00001`, `1`.
    public var tick: String { Self.tick(decimals: priceDecimals) }

    /// `decimals` as a tick text: 0 → `1`, 2 → `0.01`.
    public static func tick(decimals: Int) -> String {
        decimals == 0 ? "1" : "0." + String(repeating: "0", count: decimals - 1) + "1"
    }

    @inline(__always)
    private mutating func widen(_ price: Double) {
        guard !Self.isWhole(price * scale) else { return }
        while priceDecimals < Self.maxDecimals {
            priceDecimals += 1
            scale = Self.powers[priceDecimals]
            if Self.isWhole(price * scale) { return }
        }
    }

    /// Whether `scaled` is a whole number up to the rounding of the decimal text it was parsed from
    /// (42015.88 × 100 is 4201588.000000001): a few ulps either way.
    @inline(__always)
    private static func isWhole(_ scaled: Double) -> Bool {
        abs(scaled - scaled.rounded()) <= 4 * scaled.ulp
    }

    private static let powers: [Double] = (0...maxDecimals).map { pow10($0) }

    private static func pow10(_ n: Int) -> Double {
        var value = 1.0
        for _ in 0..<n { value *= 10 }
        return value
    }
}
