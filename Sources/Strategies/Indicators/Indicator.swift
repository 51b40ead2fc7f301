/// A streaming indicator computed on the host: O(1) (or O(period)) per update, no allocation after creation.
///
/// `value` is NaN until the indicator has seen enough input; `previous` is the value before the last
/// update, which is what ``Indicators/crossover(_:_:)`` compares.
public class Indicator {
    public let period: Int
    public internal(set) var value: Double = .nan
    public internal(set) var previous: Double = .nan
    /// Extra outputs (Bollinger upper and lower), NaN when the indicator has none.
    public internal(set) var upper: Double = .nan
    public internal(set) var lower: Double = .nan

    init(period: Int) {
        self.period = period
    }

    public var isReady: Bool { !value.isNaN }

    /// Feeds one close (or one value) and returns the new value.
    @discardableResult
    public func update(_ x: Double) -> Double {
        update(high: x, low: x, close: x)
    }

    /// Feeds one bar; indicators that only need a value use the close.
    @discardableResult
    public func update(high: Double, low: Double, close: Double) -> Double {
        previous = value
        value = next(high: high, low: low, close: close)
        return value
    }

    func next(high: Double, low: Double, close: Double) -> Double { close }
}

/// The indicator kinds `ctx.ta` offers, with the check of their arguments.
public enum Indicators {
    /// Whether `a` crossed strictly above `b` on the last update: a.previous < b.previous and a > b.
    public static func crossover(_ a: Indicator, _ b: Indicator) -> Bool {
        a.previous < b.previous && a.value > b.value
    }

    /// A ring of the last `period` inputs, for windows.
    struct Window {
        var values: [Double]
        var start = 0
        var count = 0

        init(_ period: Int) { values = Array(repeating: 0, count: period) }

        var isFull: Bool { count == values.count }

        /// Appends `x`; returns the value it pushed out once the window is full.
        mutating func push(_ x: Double) -> Double? {
            if count < values.count {
                values[(start + count) % values.count] = x
                count += 1
                return nil
            }
            let evicted = values[start]
            values[start] = x
            start = (start + 1) % values.count
            return evicted
        }
    }
}

/// Simple moving average of the last `period` values (Kahan-compensated running sum).
public final class SMA: Indicator {
    private var window: Indicators.Window
    private var sum = 0.0
    private var compensation = 0.0

    public init(_ period: Int) {
        window = Indicators.Window(period)
        super.init(period: period)
    }

    private func add(_ x: Double) {
        let y = x - compensation
        let t = sum + y
        compensation = (t - sum) - y
        sum = t
    }

    override func next(high: Double, low: Double, close: Double) -> Double {
        if let evicted = window.push(close) { add(-evicted) }
        add(close)
        return window.isFull ? sum / Double(period) : .nan
    }
}

/// Exponential moving average, α = 2/(period+1), seeded with the SMA of the first `period` values.
public final class EMA: Indicator {
    private let seed: SMA
    private let alpha: Double

    public init(_ period: Int) {
        seed = SMA(period)
        alpha = 2 / (Double(period) + 1)
        super.init(period: period)
    }

    override func next(high: Double, low: Double, close: Double) -> Double {
        if value.isNaN { return seed.update(close) }
        return value + alpha * (close - value)
    }
}

/// Wilder's relative strength index, 0...100, seeded with the mean gain and loss of the first `period` changes.
public final class RSI: Indicator {
    private var last = Double.nan
    private var gain = 0.0
    private var loss = 0.0
    private var changes = 0

    public init(_ period: Int) { super.init(period: period) }

    override func next(high: Double, low: Double, close: Double) -> Double {
        defer { last = close }
        guard !last.isNaN else { return .nan }
        let change = close - last
        let up = max(change, 0), down = max(-change, 0)
        let n = Double(period)
        changes += 1
        if changes <= period {
            gain += up / n
            loss += down / n
            if changes < period { return .nan }
        } else {
            gain = (gain * (n - 1) + up) / n
            loss = (loss * (n - 1) + down) / n
        }
        if loss == 0 { return gain == 0 ? 50 : 100 }
        return 100 - 100 / (1 + gain / loss)
    }
}

/// Wilder's average true range, seeded with the mean true range of the first `period` bars.
public final class ATR: Indicator {
    private var lastClose = Double.nan
    private var sum = 0.0
    private var seen = 0

    public init(_ period: Int) { super.init(period: period) }

    override func next(high: Double, low: Double, close: Double) -> Double {
        defer { lastClose = close }
        let range = lastClose.isNaN ? high - low : max(high, lastClose) - min(low, lastClose)
        seen += 1
        let n = Double(period)
        if seen < period {
            sum += range
            return .nan
        }
        if seen == period { return (sum + range) / n }
        return (value * (n - 1) + range) / n
    }
}

/// Bollinger bands: middle = SMA(period), upper/lower = middle ± k × population standard deviation.
public final class Bollinger: Indicator {
    private var window: Indicators.Window
    private let k: Double

    public init(_ period: Int, k: Double) {
        window = Indicators.Window(period)
        self.k = k
        super.init(period: period)
    }

    override func next(high: Double, low: Double, close: Double) -> Double {
        _ = window.push(close)
        guard window.isFull else { return .nan }
        // Two passes over a short window: exact enough, and no drift from running sums of squares.
        var mean = 0.0
        for x in window.values { mean += x }
        mean /= Double(period)
        var squares = 0.0
        for x in window.values { squares += (x - mean) * (x - mean) }
        let deviation = (squares / Double(period)).squareRoot()
        upper = mean + k * deviation
        lower = mean - k * deviation
        return mean
    }
}

/// Highest high (or lowest low) of the last `period` bars, with a monotonic queue: O(1) amortised.
public final class Extreme: Indicator {
    private let highest: Bool
    private var indices: [Int]
    private var values: [Double]
    private var head = 0
    private var tail = 0
    private var seen = 0

    public init(_ period: Int, highest: Bool) {
        self.highest = highest
        indices = Array(repeating: 0, count: period + 1)
        values = Array(repeating: 0, count: period + 1)
        super.init(period: period)
    }

    override func next(high: Double, low: Double, close: Double) -> Double {
        let x = highest ? high : low
        let capacity = values.count
        while head != tail {
            let back = (tail - 1 + capacity) % capacity
            if highest ? values[back] <= x : values[back] >= x { tail = back } else { break }
        }
        values[tail] = x
        indices[tail] = seen
        tail = (tail + 1) % capacity
        if indices[head] <= seen - period { head = (head + 1) % capacity }
        seen += 1
        return seen >= period ? values[head] : .nan
    }
}
