/// Streams the equity curve of a run into what the metrics need, without keeping the curve.
///
/// The engine calls ``record(time:equity:exposed:)`` once per bar and ``recordCloseOut(time:equity:)``
/// once at the end of a run. The tracker keeps constant state
/// plus one value per UTC day (the day's closing equity, for daily returns), so a 10M-bar run costs
/// a few KB. All times are epoch milliseconds (UTC).
public struct EquityTracker: Sendable, Equatable {
    /// Bars recorded: the denominator of ``exposure``. The close-out record is not a bar.
    public private(set) var bars = 0
    /// Bars recorded while a position was open.
    public private(set) var exposedBars = 0
    /// Whether the latest bar record was made with a position open (false before any bar).
    public private(set) var lastExposed = false
    /// Records of any kind, bars and close-out alike.
    private var records = 0
    /// Time of the first record, nil before any.
    public private(set) var firstTime: Int64?
    /// Time of the last record, nil before any.
    public private(set) var lastTime: Int64?
    /// Equity at the first record (0 before any).
    public private(set) var firstEquity = 0.0
    /// Equity at the last record (0 before any).
    public private(set) var lastEquity = 0.0
    /// The highest equity recorded so far.
    public private(set) var peak = -Double.infinity
    /// The largest fall from a running peak, as a positive fraction of that peak (0.12 = 12%).
    public private(set) var maxDrawdown = 0.0
    /// Last time equity stood at (or above) ``peak``: where the current drawdown, if any, began.
    public private(set) var peakTime: Int64 = 0
    private var longestRecovered: Int64 = 0
    private var underwater = false
    /// Closing equity of each completed UTC day, oldest first; the current day is in ``dailyCloses``.
    private var closedDays: [DailyClose] = []
    private var currentDay: Int64 = .min

    /// One UTC day's closing equity: the last record made that day.
    public struct DailyClose: Sendable, Equatable {
        /// Days since 1970-01-01 (UTC).
        public var day: Int64
        public var equity: Double
    }

    /// Creates an empty tracker.
    public init() {}

    /// Adds one point of the equity curve; `time` must not go backwards.
    ///
    /// - Parameters:
    ///   - time: the bar's time, epoch milliseconds.
    ///   - equity: marked equity after the bar.
    ///   - exposed: whether a position was open at this bar (for ``exposure``).
    public mutating func record(time: Int64, equity: Double, exposed: Bool) {
        bars += 1
        if exposed { exposedBars += 1 }
        lastExposed = exposed
        add(time: time, equity: equity)
    }

    /// Adds the end-of-run close-out: equity after closing every position at the last close.
    ///
    /// It moves the final equity, the drawdown and the last day's close like any record, but it is
    /// not a bar, so it leaves ``bars`` and ``exposure`` alone.
    public mutating func recordCloseOut(time: Int64, equity: Double) {
        add(time: time, equity: equity)
    }

    private mutating func add(time: Int64, equity: Double) {
        let day = Self.floorDiv(time, 86_400_000)
        if records == 0 {
            firstTime = time
            firstEquity = equity
            currentDay = day
        } else if day != currentDay {
            // Amortised O(1): one append per UTC day, never per bar.
            closedDays.append(DailyClose(day: currentDay, equity: lastEquity))
            currentDay = day
        }
        records += 1
        lastTime = time
        lastEquity = equity

        if equity >= peak {
            if underwater {
                // Regained the peak: the drawdown that began at peakTime lasted until now.
                longestRecovered = max(longestRecovered, time - peakTime)
                underwater = false
            }
            peak = equity
            peakTime = time
        } else {
            underwater = true
            if peak > 0 { maxDrawdown = max(maxDrawdown, 1 - equity / peak) }
        }
    }

    /// Longest time in seconds from a peak until equity regained it, or until the last record if it never did.
    public var maxDrawdownDuration: Double {
        var longest = longestRecovered
        if underwater, let lastTime { longest = max(longest, lastTime - peakTime) }
        return Double(longest) / 1000
    }

    /// Fraction of bars recorded with a position open; nil before any bar.
    public var exposure: Double? {
        bars == 0 ? nil : Double(exposedBars) / Double(bars)
    }

    /// Closing equity of every UTC day with a record, the current (possibly partial) day last.
    public var dailyCloses: [DailyClose] {
        records == 0 ? [] : closedDays + [DailyClose(day: currentDay, equity: lastEquity)]
    }

    /// Floor division, so times before 1970 still land on the right day.
    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
