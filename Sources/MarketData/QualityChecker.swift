public import SparkCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs every ``QualityCheck`` over a series in one pass, bar by bar, in the order the bars come.
///
/// Memory: one `Double` and one `Int64` per bar for the outlier check (its threshold needs the
/// standard deviation of all returns first), plus a few examples per check.
public struct QualityChecker: Sendable {
    /// Findings kept per check for reports; all are counted.
    public static let maxExamples = 50

    public let symbol: String
    public let interval: BarInterval
    /// Returns further than this many standard deviations from the mean are outliers.
    public let outlierK: Double
    /// Zero-volume runs shorter than this are not reported (single quiet minutes are normal).
    public let zeroVolumeRun: Int
    /// Runs of identical candles at least this long are stale.
    public let staleRun: Int
    public let fatal: Set<QualityCheck>

    private var rows = 0
    private var first: Int64?
    private var previous: Bar?
    private var counts: [QualityCheck: (findings: Int, bars: Int)] = [:]
    private var examples: [QualityCheck: [QualityFinding]] = [:]
    private var zeroRunStart: Int64?
    private var zeroRunLength = 0
    private var staleRunStart: Int64?
    private var staleRunLength = 1
    private var staleEnd: Int64 = 0
    private var returnTimes: [Int64] = []
    private var returns: [Double] = []

    /// Creates a checker for one series.
    public init(symbol: String, interval: BarInterval, outlierK: Double = 8, zeroVolumeRun: Int = 5, staleRun: Int = 3, fatal: Set<QualityCheck> = QualityCheck.defaultFatal) {
        self.symbol = symbol
        self.interval = interval
        self.outlierK = outlierK
        self.zeroVolumeRun = max(1, zeroVolumeRun)
        self.staleRun = max(2, staleRun)
        self.fatal = fatal
    }

    /// Checks the next bar of the series.
    public mutating func add(_ bar: Bar) {
        rows += 1
        if first == nil { first = bar.time }
        let step = interval.milliseconds
        if let step, interval.hasEpochGrid, bar.time % step != 0 {
            record(.offGrid, bar.time, bar.time, 1, "open time is \(bar.time % step) ms past the \(interval.name) grid")
        }
        if bar.open <= 0 || bar.high <= 0 || bar.low <= 0 || bar.close <= 0 {
            record(.prices, bar.time, bar.time, 1, "non-positive price: open \(bar.open) high \(bar.high) low \(bar.low) close \(bar.close)")
        } else if bar.volume < 0 {
            record(.prices, bar.time, bar.time, 1, "negative volume \(bar.volume)")
        }
        if bar.low > bar.high {
            record(.ohlc, bar.time, bar.time, 1, "low \(bar.low) is above high \(bar.high)")
        } else if bar.open < bar.low || bar.open > bar.high || bar.close < bar.low || bar.close > bar.high {
            record(.ohlc, bar.time, bar.time, 1, "open \(bar.open) or close \(bar.close) lies outside [low \(bar.low), high \(bar.high)]")
        }
        trackZeroVolume(bar)
        if let previous {
            if bar.time == previous.time {
                record(.duplicates, bar.time, bar.time, 1, "open time repeats the previous row's")
            } else if bar.time < previous.time {
                record(.outOfOrder, bar.time, previous.time, 1, "open time is before the previous row's (\(previous.time))")
            } else if let step, bar.time - previous.time > step {
                let missing = Int((bar.time - previous.time) / step) - 1
                if missing > 0 {
                    record(.gaps, previous.time + step, bar.time - step, missing, "\(missing) bar\(missing == 1 ? "" : "s") missing")
                }
            }
            trackStale(bar, previous: previous)
            if previous.close > 0, bar.close > 0, bar.time > previous.time {
                returnTimes.append(bar.time)
                returns.append(log(bar.close / previous.close))
            }
        }
        previous = bar
    }

    /// Closes open runs, runs the outlier check and returns the result.
    public mutating func finish() -> QualityResult {
        closeZeroRun()
        closeStaleRun()
        let (mean, deviation) = Self.meanAndDeviation(returns)
        if deviation > 0 {
            let limit = outlierK * deviation
            for (index, value) in returns.enumerated() where abs(value - mean) > limit {
                let time = returnTimes[index]
                let sigmas = abs(value - mean) / deviation
                record(.outliers, time, time, 1, "close-to-close return \(Self.percent(value)) is \(Self.fixed(sigmas)) standard deviations from the mean")
            }
        }
        let outcomes = QualityCheck.allCases.map { check in
            let count = counts[check] ?? (0, 0)
            return QualityResult.CheckOutcome(check: check, findings: count.findings, bars: count.bars, fatal: fatal.contains(check), examples: examples[check] ?? [])
        }
        return QualityResult(symbol: symbol, interval: interval.name, rows: rows, first: first, last: previous?.time, outlierK: outlierK, checks: outcomes)
    }

    private mutating func trackZeroVolume(_ bar: Bar) {
        if bar.volume == 0 {
            if zeroRunStart == nil { zeroRunStart = bar.time }
            zeroRunLength += 1
        } else {
            closeZeroRun()
        }
    }

    private mutating func closeZeroRun() {
        // Called on the first bar with volume (or at the end), so `previous` is the run's last bar.
        if let start = zeroRunStart, zeroRunLength >= zeroVolumeRun {
            record(.zeroVolume, start, previous?.time ?? start, zeroRunLength, "\(zeroRunLength) consecutive bars without volume")
        }
        zeroRunStart = nil
        zeroRunLength = 0
    }

    private mutating func trackStale(_ bar: Bar, previous: Bar) {
        let same = bar.volume > 0 && bar.open == previous.open && bar.high == previous.high && bar.low == previous.low
            && bar.close == previous.close && bar.volume == previous.volume
        if same {
            if staleRunStart == nil { staleRunStart = previous.time }
            staleRunLength += 1
            staleEnd = bar.time
        } else {
            closeStaleRun()
        }
    }

    private mutating func closeStaleRun() {
        if let start = staleRunStart, staleRunLength >= staleRun {
            record(.stale, start, staleEnd, staleRunLength, "\(staleRunLength) identical candles in a row")
        }
        staleRunStart = nil
        staleRunLength = 1
    }

    private mutating func record(_ check: QualityCheck, _ start: Int64, _ end: Int64, _ bars: Int, _ message: String) {
        let count = counts[check] ?? (0, 0)
        counts[check] = (count.findings + 1, count.bars + bars)
        if count.findings < Self.maxExamples {
            examples[check, default: []].append(QualityFinding(check: check, start: start, end: end, bars: bars, message: message))
        }
    }

    static func meanAndDeviation(_ values: [Double]) -> (Double, Double) {
        guard values.count > 1 else { return (0, 0) }
        var mean = 0.0, m2 = 0.0
        for (index, value) in values.enumerated() {
            let delta = value - mean
            mean += delta / Double(index + 1)
            m2 += delta * (value - mean)
        }
        return (mean, (m2 / Double(values.count - 1)).squareRoot())
    }

    static func percent(_ logReturn: Double) -> String {
        fixed((exp(logReturn) - 1) * 100) + "%"
    }

    static func fixed(_ value: Double) -> String {
        let scaled = (value * 100).rounded() / 100
        return "\(scaled)"
    }
}
