// libm's pow only: Engine stays free of Foundation.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The headline statistics of a run, as reported to users and written to report.json.
///
/// Ratios are fractions (0.12 = 12%), never percent. A statistic that is undefined for the run
/// (no trades, fewer than two daily returns, zero deviation, …) is nil and encodes as JSON `null`;
/// a non-finite value also encodes as `null`, because JSON has no NaN or infinity.
/// docs/metrics.md gives every formula and where the conventions follow backtesting.py.
public struct PerformanceMetrics: Sendable, Equatable, Codable {
    /// `equity_final / equity_initial − 1`.
    public var totalReturn: Double
    /// Compound annual growth rate over calendar time between the first and last record.
    public var cagr: Double?
    /// Annualised sample standard deviation of daily returns.
    public var volatility: Double?
    /// Annualised mean daily return over its sample standard deviation (risk-free rate 0).
    public var sharpe: Double?
    /// Annualised mean daily return over the downside deviation.
    public var sortino: Double?
    /// Largest peak-to-trough fall as a positive fraction; nil when nothing was recorded.
    public var maxDrawdown: Double?
    /// Longest time from a peak until it was regained (or the run ended), in seconds.
    public var maxDrawdownDurationS: Double
    /// ``cagr`` over ``maxDrawdown``.
    public var calmar: Double?
    /// Number of closed trades.
    public var trades: Int
    /// Fraction of trades with positive net pnl.
    public var winRate: Double?
    /// Gross profit over gross loss of trades; nil when no trade lost.
    public var profitFactor: Double?
    /// Mean net pnl per trade, in account currency.
    public var avgTrade: Double?
    /// Fraction of bars with a position open.
    public var exposure: Double?
    /// Total fees paid, in account currency.
    public var fees: Double
    public var equityFinal: Double
    public var equityInitial: Double
    /// Return of buying at the first price and holding to the last; nil when no prices were given.
    public var buyAndHoldReturn: Double?
    /// UTC days with at least one record: the number of daily returns.
    public var days: Int

    /// Creates metrics from explicit values (decoding, tests); runs use ``compute(tracker:trades:initialEquity:fees:buyAndHold:periodsPerYear:)``.
    public init(
        totalReturn: Double, cagr: Double?, volatility: Double?, sharpe: Double?, sortino: Double?,
        maxDrawdown: Double?, maxDrawdownDurationS: Double, calmar: Double?, trades: Int, winRate: Double?,
        profitFactor: Double?, avgTrade: Double?, exposure: Double?, fees: Double, equityFinal: Double,
        equityInitial: Double, buyAndHoldReturn: Double?, days: Int
    ) {
        self.totalReturn = totalReturn
        self.cagr = cagr
        self.volatility = volatility
        self.sharpe = sharpe
        self.sortino = sortino
        self.maxDrawdown = maxDrawdown
        self.maxDrawdownDurationS = maxDrawdownDurationS
        self.calmar = calmar
        self.trades = trades
        self.winRate = winRate
        self.profitFactor = profitFactor
        self.avgTrade = avgTrade
        self.exposure = exposure
        self.fees = fees
        self.equityFinal = equityFinal
        self.equityInitial = equityInitial
        self.buyAndHoldReturn = buyAndHoldReturn
        self.days = days
    }

    /// Computes the metrics of a finished run.
    ///
    /// - Parameters:
    ///   - tracker: the run's equity record.
    ///   - trades: closed trades, in any order.
    ///   - initialEquity: the starting cash; the base of the first daily return and of ``totalReturn``.
    ///   - fees: total fees paid (including fees of trades still open).
    ///   - buyAndHold: first and last price of the traded symbol, for ``buyAndHoldReturn``.
    ///   - periodsPerYear: daily periods per year for annualising: 365 for markets that trade every
    ///     day, 252 for session markets. CAGR always uses calendar time (365.25 days a year).
    public static func compute(
        tracker: EquityTracker, trades: [ClosedTrade], initialEquity: Double, fees: Double,
        buyAndHold: (first: Double, last: Double)?, periodsPerYear: Double
    ) -> PerformanceMetrics {
        compute(
            tracker: tracker, tradeStatistics: TradeStatistics(trades), initialEquity: initialEquity, fees: fees,
            buyAndHold: buyAndHold, periodsPerYear: periodsPerYear
        )
    }

    /// Computes the metrics of a finished run from its trades' running statistics (a run that
    /// streams its trades to a file); equal to ``compute(tracker:trades:initialEquity:fees:buyAndHold:periodsPerYear:)``
    /// on the same trades, bit for bit.
    public static func compute(
        tracker: EquityTracker, tradeStatistics stats: TradeStatistics, initialEquity: Double, fees: Double,
        buyAndHold: (first: Double, last: Double)?, periodsPerYear: Double
    ) -> PerformanceMetrics {
        let recorded = tracker.lastTime != nil
        let final = recorded ? tracker.lastEquity : initialEquity

        // Daily returns: the first day against the initial equity, then close to close.
        let closes = tracker.dailyCloses
        var returns: [Double] = []
        returns.reserveCapacity(closes.count)
        var previous = initialEquity
        for close in closes {
            returns.append(previous == 0 ? 0 : close.equity / previous - 1)
            previous = close.equity
        }

        var volatility: Double?, sharpe: Double?, sortino: Double?
        // A deviation needs at least two observations; with fewer, all three are undefined.
        if returns.count >= 2 {
            let n = Double(returns.count)
            let mean = returns.reduce(0, +) / n
            let variance = returns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
            let deviation = variance.squareRoot()
            let annualiser = periodsPerYear.squareRoot()
            volatility = deviation * annualiser
            if deviation > 0 { sharpe = mean / deviation * annualiser }
            let downside = (returns.reduce(0) { $0 + min($1, 0) * min($1, 0) } / n).squareRoot()
            if downside > 0 { sortino = mean / downside * annualiser }
        }

        var cagr: Double?
        if let first = tracker.firstTime, let last = tracker.lastTime, last > first, initialEquity > 0, final >= 0 {
            let elapsedDays = Double(last - first) / 86_400_000
            cagr = finite(pow(final / initialEquity, 365.25 / elapsedDays) - 1)
        }
        let maxDrawdown = recorded ? tracker.maxDrawdown : nil
        var calmar: Double?
        if let cagr, let maxDrawdown, maxDrawdown > 0 { calmar = cagr / maxDrawdown }

        return PerformanceMetrics(
            totalReturn: initialEquity == 0 ? .nan : final / initialEquity - 1,
            cagr: cagr, volatility: volatility, sharpe: sharpe, sortino: sortino,
            maxDrawdown: maxDrawdown, maxDrawdownDurationS: tracker.maxDrawdownDuration, calmar: calmar,
            trades: stats.count, winRate: stats.winRate, profitFactor: stats.profitFactor, avgTrade: stats.averageTrade,
            exposure: tracker.exposure, fees: fees, equityFinal: final, equityInitial: initialEquity,
            buyAndHoldReturn: buyAndHold.flatMap { $0.first > 0 ? finite($0.last / $0.first - 1) : nil },
            days: closes.count
        )
    }

    private static func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }

    enum CodingKeys: String, CodingKey {
        case totalReturn = "total_return", cagr, volatility, sharpe, sortino
        case maxDrawdown = "max_drawdown", maxDrawdownDurationS = "max_drawdown_duration_s", calmar
        case trades, winRate = "win_rate", profitFactor = "profit_factor", avgTrade = "avg_trade"
        case exposure, fees, equityFinal = "equity_final", equityInitial = "equity_initial"
        case buyAndHoldReturn = "buy_and_hold_return", days
    }

    // Hand-written coding: synthesised Codable omits nil keys, and JSONEncoder throws on NaN/∞.
    // Every key is always present; undefined and non-finite values are `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        func put(_ value: Double?, _ key: CodingKeys) throws {
            if let value, value.isFinite { try c.encode(value, forKey: key) } else { try c.encodeNil(forKey: key) }
        }
        try put(totalReturn, .totalReturn)
        try put(cagr, .cagr)
        try put(volatility, .volatility)
        try put(sharpe, .sharpe)
        try put(sortino, .sortino)
        try put(maxDrawdown, .maxDrawdown)
        try put(maxDrawdownDurationS, .maxDrawdownDurationS)
        try put(calmar, .calmar)
        try c.encode(trades, forKey: .trades)
        try put(winRate, .winRate)
        try put(profitFactor, .profitFactor)
        try put(avgTrade, .avgTrade)
        try put(exposure, .exposure)
        try put(fees, .fees)
        try put(equityFinal, .equityFinal)
        try put(equityInitial, .equityInitial)
        try put(buyAndHoldReturn, .buyAndHoldReturn)
        try c.encode(days, forKey: .days)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func get(_ key: CodingKeys) throws -> Double? { try c.decodeIfPresent(Double.self, forKey: key) }
        // A null in a field that is always defined for a sane run stood for a non-finite value.
        func required(_ key: CodingKeys) throws -> Double { try get(key) ?? .nan }
        self.init(
            totalReturn: try required(.totalReturn), cagr: try get(.cagr), volatility: try get(.volatility),
            sharpe: try get(.sharpe), sortino: try get(.sortino), maxDrawdown: try get(.maxDrawdown),
            maxDrawdownDurationS: try required(.maxDrawdownDurationS), calmar: try get(.calmar),
            trades: try c.decode(Int.self, forKey: .trades), winRate: try get(.winRate),
            profitFactor: try get(.profitFactor), avgTrade: try get(.avgTrade), exposure: try get(.exposure),
            fees: try required(.fees), equityFinal: try required(.equityFinal),
            equityInitial: try required(.equityInitial), buyAndHoldReturn: try get(.buyAndHoldReturn),
            days: try c.decode(Int.self, forKey: .days)
        )
    }
}
