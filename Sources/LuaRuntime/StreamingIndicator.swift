internal import CLuaShim

/// A streaming indicator computed on the host: the same C code `ctx.ta.*` gives strategies.
///
/// O(1) (Bollinger: O(period)) per update and no allocation after creation. `value` is NaN until the
/// indicator has seen enough input; `previous` is the value before the last update, which
/// ``crossover(_:_:)`` compares.
public final class StreamingIndicator {
    /// The indicator kinds `ctx.ta` offers.
    public enum Kind: Sendable, Equatable {
        /// Simple moving average (Kahan-compensated running sum).
        case sma
        /// Exponential moving average, α = 2/(period+1), seeded with the SMA of the first `period` values.
        case ema
        /// Wilder's relative strength index, seeded with the mean gain and loss of the first `period` changes.
        case rsi
        /// Wilder's average true range, seeded with the mean true range of the first `period` bars.
        case atr
        /// Bollinger bands: middle = SMA, upper/lower = middle ± k population standard deviations.
        case bollinger(k: Double)
        /// Highest high of the last `period` bars.
        case highest
        /// Lowest low of the last `period` bars.
        case lowest
    }

    public let period: Int
    private let state: OpaquePointer
    private let memory: UnsafeMutableRawPointer

    /// Creates an empty indicator; `period` must be 1…100000.
    public init(_ kind: Kind, period: Int) {
        precondition((1...100_000).contains(period), "period must be 1…100000")
        self.period = period
        let (code, k): (Int32, Double) = switch kind {
        case .sma: (Int32(SPARK_IND_SMA), 0)
        case .ema: (Int32(SPARK_IND_EMA), 0)
        case .rsi: (Int32(SPARK_IND_RSI), 0)
        case .atr: (Int32(SPARK_IND_ATR), 0)
        case .bollinger(let k): (Int32(SPARK_IND_BBANDS), k)
        case .highest: (Int32(SPARK_IND_HIGHEST), 0)
        case .lowest: (Int32(SPARK_IND_LOWEST), 0)
        }
        memory = UnsafeMutableRawPointer.allocate(byteCount: spark_ind_size(code, Int32(period)), alignment: 16)
        state = OpaquePointer(memory)
        spark_ind_init(state, code, Int32(period), k)
    }

    deinit {
        memory.deallocate()
    }

    /// Feeds one value and returns the new value.
    @discardableResult
    public func update(_ x: Double) -> Double {
        spark_ind_update(state, x, x, x)
    }

    /// Feeds one bar; indicators that only need a value use the close.
    @discardableResult
    public func update(high: Double, low: Double, close: Double) -> Double {
        spark_ind_update(state, high, low, close)
    }

    private var outputs: (value: Double, previous: Double, upper: Double, lower: Double) {
        var value = 0.0, previous = 0.0, upper = 0.0, lower = 0.0
        spark_ind_outputs(state, &value, &previous, &upper, &lower)
        return (value, previous, upper, lower)
    }

    public var value: Double { outputs.value }
    public var previous: Double { outputs.previous }
    /// Bollinger's upper band (NaN for other kinds).
    public var upper: Double { outputs.upper }
    /// Bollinger's lower band (NaN for other kinds).
    public var lower: Double { outputs.lower }
    public var isReady: Bool { !value.isNaN }

    /// Whether `a` crossed strictly above `b` on the last update: a.previous < b.previous and a > b.
    public static func crossover(_ a: StreamingIndicator, _ b: StreamingIndicator) -> Bool {
        spark_ind_crossover(a.state, b.state) != 0
    }
}
