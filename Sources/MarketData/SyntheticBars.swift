#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
public import SparkCore

/// A deterministic, lazy stream of realistic-looking bars for demos, tests and benchmarks.
///
/// Log prices follow a random walk whose drift and volatility switch between four regimes (up-trend,
/// down-trend, quiet range, choppy range) at random times, averaging six hours per regime at one-minute
/// bars, so trend-following strategies such as an SMA cross trade and both win and lose. Each bar opens
/// at the previous close; prices are whole ticks; high and low enclose open and close; volume is
/// positive and rises with the bar's move. The same seed always gives the same bars, on every platform
/// with an IEEE-754 libm (`exp`, `log`, `sin`, `cos` are the only non-exact operations).
///
/// Nothing is stored: ten million bars cost the same memory as ten.
public struct SyntheticBars: Sequence, IteratorProtocol, Sendable {
    /// Drift and volatility per bar of one regime (log-return units).
    private static let regimes: [(drift: Double, volatility: Double)] = [
        (0.000_08, 0.000_8), // up-trend
        (-0.000_08, 0.000_9), // down-trend
        (0, 0.000_4), // quiet range
        (0, 0.001_4), // choppy range
    ]

    public let symbol: SymbolID
    /// Bars still to produce.
    public private(set) var remaining: Int
    /// Time of the next bar, epoch ms.
    public private(set) var time: Int64
    public let intervalMs: Int64
    /// Price decimals: prices are multiples of 10^-decimals.
    public let priceDecimals: Int
    private let scale: Double
    private var random: SplitMix64
    private var closeTicks: Double
    private let anchorTicks: Double
    private var regime = 2
    private let meanRegimeBars: Double

    /// Creates a generator.
    ///
    /// - Parameters:
    ///   - seed: the only source of randomness.
    ///   - count: number of bars.
    ///   - start: open time of the first bar, epoch ms (default 2024-01-01T00:00:00Z).
    ///   - intervalMs: bar length in ms (default one minute).
    ///   - startPrice: the first bar's open.
    ///   - priceDecimals: prices are rounded to this many decimals (2 = cents).
    ///   - symbol: stamped on every bar.
    public init(
        seed: UInt64, count: Int, start: Int64 = 1_704_067_200_000, intervalMs: Int64 = 60_000,
        startPrice: Double = 42_000, priceDecimals: Int = 2, symbol: SymbolID = SymbolID(0)
    ) {
        self.symbol = symbol
        remaining = Swift.max(0, count)
        time = start
        self.intervalMs = intervalMs
        self.priceDecimals = priceDecimals
        scale = pow(10, Double(priceDecimals))
        random = SplitMix64(seed: seed)
        closeTicks = Swift.max(1, (startPrice * scale).rounded())
        anchorTicks = closeTicks
        // Regimes last six hours on average whatever the interval.
        meanRegimeBars = Swift.max(2, 6 * 3_600_000 / Double(Swift.max(1, intervalMs)))
    }

    /// The next bar, or nil after `count` bars.
    public mutating func next() -> Bar? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        if random.uniform() < 1 / meanRegimeBars {
            // Jump to one of the other three regimes.
            regime = (regime + 1 + Int(random.uniform() * 3)) % 4
        }
        let (drift, volatility) = Self.regimes[regime]
        // A weak pull back to the start price (half-life about five days at one-minute bars) keeps long
        // runs in a realistic price range without visibly damping trends within a day.
        let reversion = -0.000_1 * log(closeTicks / anchorTicks)
        let move = drift + reversion + volatility * random.normal()
        let open = closeTicks
        let close = Swift.max(1, (open * exp(move)).rounded())
        // Wicks: rounding high up and low down keeps open and close inside [low, high].
        let high = (Swift.max(open, close) * exp(abs(random.normal()) * volatility * 0.6)).rounded(.up)
        let low = Swift.max(1, (Swift.min(open, close) * exp(-abs(random.normal()) * volatility * 0.6)).rounded(.down))
        let activity = 1 + abs(move) / volatility
        let volume = Swift.max(0.001, (4 * volatility / 0.000_8 * activity * exp(0.5 * random.normal()) * 1000).rounded() / 1000)
        closeTicks = close
        let bar = Bar(
            symbol: symbol, time: time,
            open: open / scale, high: high / scale, low: low / scale, close: close / scale, volume: volume
        )
        time += intervalMs
        return bar
    }
}
