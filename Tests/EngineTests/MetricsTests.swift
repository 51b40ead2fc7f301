import Engine
import Foundation
import Testing

@Suite("Performance metrics")
struct MetricsTests {
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000
    /// 2024-01-01T00:00:00Z.
    static let t0: Int64 = 1_704_067_200_000

    /// Four UTC days: a 10% drawdown from 1100 that takes 36 h to recover, then a new peak at 1210
    /// and a fall to 1150 that is still under water when the run ends six hours later.
    static func fourDays() -> EquityTracker {
        var tracker = EquityTracker()
        let points: [(Int64, Double, Bool)] = [
            (t0, 1000, false),
            (t0 + 12 * hour, 1100, true), // day 1 closes at 1100
            (t0 + day, 990, true),
            (t0 + day + 12 * hour, 1045, false), // day 2 closes at 1045
            (t0 + 2 * day, 1100, false), // day 3 closes at 1100: the 1100 peak regained
            (t0 + 3 * day, 1210, true),
            (t0 + 3 * day + 6 * hour, 1150, false), // day 4 closes at 1150
        ]
        for (time, equity, exposed) in points { tracker.record(time: time, equity: equity, exposed: exposed) }
        return tracker
    }

    static func trade(_ pnl: Double, fees: Double = 1) -> ClosedTrade {
        ClosedTrade(symbol: "BTCUSDT", side: .long, quantity: 2, entryTime: t0, exitTime: t0 + hour, entryPrice: 100, exitPrice: 100 + (pnl + fees) / 2, fees: fees, pnl: pnl)
    }

    func close(_ actual: Double?, _ expected: Double, _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let actual else {
            Issue.record("nil, expected \(expected) \(comment.map { "\($0)" } ?? "")", sourceLocation: sourceLocation)
            return
        }
        #expect(abs(actual - expected) <= 1e-9 * max(1, abs(expected)), comment, sourceLocation: sourceLocation)
    }

    @Test("the tracker keeps first and last, peak, drawdown, its longest duration, exposure and daily closes")
    func trackerState() {
        let tracker = Self.fourDays()
        #expect(tracker.bars == 7 && tracker.exposedBars == 3)
        #expect(tracker.firstTime == Self.t0 && tracker.lastTime == Self.t0 + 3 * Self.day + 6 * Self.hour)
        #expect(tracker.firstEquity == 1000 && tracker.lastEquity == 1150 && tracker.peak == 1210)
        close(tracker.maxDrawdown, 0.1) // 1 - 990/1100
        #expect(tracker.maxDrawdownDuration == 36 * 3600) // 12:00 day 1 until 00:00 day 3
        #expect(tracker.dailyCloses.map(\.equity) == [1100, 1045, 1100, 1150])
        #expect(tracker.dailyCloses.map(\.day) == [19723, 19724, 19725, 19726])
        close(tracker.exposure, 3.0 / 7)
    }

    @Test("the close-out record moves final equity, drawdown and the last daily close, but is not a bar for exposure")
    func closeOutIsNotABar() {
        var tracker = Self.fourDays()
        tracker.recordCloseOut(time: Self.t0 + 3 * Self.day + 6 * Self.hour, equity: 1028.5)
        #expect(tracker.bars == 7 && tracker.exposedBars == 3)
        close(tracker.exposure, 3.0 / 7)
        #expect(tracker.lastEquity == 1028.5)
        close(tracker.maxDrawdown, 0.15) // 1 - 1028.5/1210: deeper than the 10% before
        #expect(tracker.dailyCloses.map(\.equity) == [1100, 1045, 1100, 1028.5])
        let metrics = PerformanceMetrics.compute(tracker: tracker, trades: [], initialEquity: 1000, fees: 0, buyAndHold: nil, periodsPerYear: 365)
        #expect(metrics.equityFinal == 1028.5)
        close(metrics.exposure, 3.0 / 7)
    }

    @Test("a drawdown never regained lasts until the last record and can be the longest")
    func openDrawdownDuration() {
        var tracker = EquityTracker()
        tracker.record(time: Self.t0, equity: 100, exposed: true)
        tracker.record(time: Self.t0 + Self.hour, equity: 90, exposed: true)
        tracker.record(time: Self.t0 + 2 * Self.hour, equity: 100, exposed: true) // 1 h, regained
        tracker.record(time: Self.t0 + 3 * Self.hour, equity: 80, exposed: true)
        tracker.record(time: Self.t0 + 6 * Self.hour, equity: 99, exposed: true) // 4 h and counting
        #expect(tracker.maxDrawdownDuration == 4 * 3600)
        close(tracker.maxDrawdown, 0.2)
    }

    @Test("four days and three trades give the hand-computed returns, ratios and trade statistics")
    func fourDaysThreeTrades() throws {
        let metrics = PerformanceMetrics.compute(
            tracker: Self.fourDays(), trades: [Self.trade(60), Self.trade(-20), Self.trade(30)],
            initialEquity: 1000, fees: 3, buyAndHold: (first: 40_000, last: 42_000), periodsPerYear: 365
        )
        // Daily returns: 1100/1000-1 = 0.1, 1045/1100-1 = -0.05, 1100/1045-1 = 0.0526315789…, 1150/1100-1 = 0.0454545…
        // mean = 0.0370215311004785, sample stdev = 0.0628591646589889, downside = sqrt((0.05²)/4) = 0.025.
        close(metrics.totalReturn, 0.15)
        close(metrics.volatility, 0.0628591646589889 * 365.0.squareRoot())
        close(metrics.sharpe, 0.0370215311004785 / 0.0628591646589889 * 365.0.squareRoot())
        close(metrics.sortino, 0.0370215311004785 / 0.025 * 365.0.squareRoot())
        close(metrics.maxDrawdown, 0.1)
        #expect(metrics.maxDrawdownDurationS == 129_600)
        // 3.25 calendar days from the first to the last record.
        let cagr = pow(1.15, 365.25 / 3.25) - 1
        close(metrics.cagr, cagr)
        close(metrics.calmar, cagr / 0.1)
        #expect(metrics.trades == 3)
        close(metrics.winRate, 2.0 / 3)
        close(metrics.profitFactor, 90.0 / 20)
        close(metrics.avgTrade, 70.0 / 3)
        close(metrics.exposure, 3.0 / 7)
        close(metrics.buyAndHoldReturn, 0.05)
        #expect(metrics.fees == 3 && metrics.equityInitial == 1000 && metrics.equityFinal == 1150 && metrics.days == 4)
    }

    @Test("session markets annualise with 252 periods but CAGR stays on calendar time")
    func sessionAnnualisation() {
        let daily = PerformanceMetrics.compute(tracker: Self.fourDays(), trades: [], initialEquity: 1000, fees: 0, buyAndHold: nil, periodsPerYear: 365)
        let session = PerformanceMetrics.compute(tracker: Self.fourDays(), trades: [], initialEquity: 1000, fees: 0, buyAndHold: nil, periodsPerYear: 252)
        close(session.sharpe, daily.sharpe! * (252.0 / 365).squareRoot())
        close(session.volatility, daily.volatility! * (252.0 / 365).squareRoot())
        #expect(session.cagr == daily.cagr)
    }

    @Test("CAGR compounds over calendar years of 365.25 days")
    func cagrOverTwoYears() {
        var tracker = EquityTracker()
        tracker.record(time: Self.t0, equity: 1000, exposed: false)
        tracker.record(time: Self.t0 + Int64(730.5 * Double(Self.day)), equity: 1210, exposed: false)
        let metrics = PerformanceMetrics.compute(tracker: tracker, trades: [], initialEquity: 1000, fees: 0, buyAndHold: nil, periodsPerYear: 365)
        close(metrics.cagr, 0.1) // 1.21^(1/2) - 1
        #expect(metrics.calmar == nil) // no drawdown
    }

    @Test("no trades leaves win rate, profit factor and average trade undefined, encoded as null")
    func noTrades() throws {
        let metrics = PerformanceMetrics.compute(tracker: Self.fourDays(), trades: [], initialEquity: 1000, fees: 0, buyAndHold: nil, periodsPerYear: 365)
        #expect(metrics.trades == 0)
        #expect(metrics.winRate == nil && metrics.profitFactor == nil && metrics.avgTrade == nil && metrics.buyAndHoldReturn == nil)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(metrics)) as! [String: Any]
        #expect(json["win_rate"] is NSNull && json["profit_factor"] is NSNull && json["avg_trade"] is NSNull)
        #expect(json["trades"] as? Int == 0)
    }

    @Test("flat equity has zero volatility and drawdown, and undefined Sharpe, Sortino and Calmar")
    func flatEquity() {
        var tracker = EquityTracker()
        for hour in 0..<72 as Range<Int64> { tracker.record(time: Self.t0 + hour * Self.hour, equity: 1000, exposed: false) }
        let metrics = PerformanceMetrics.compute(tracker: tracker, trades: [], initialEquity: 1000, fees: 0, buyAndHold: nil, periodsPerYear: 365)
        #expect(metrics.days == 3)
        #expect(metrics.volatility == 0)
        #expect(metrics.sharpe == nil && metrics.sortino == nil && metrics.calmar == nil)
        #expect(metrics.maxDrawdown == 0 && metrics.maxDrawdownDurationS == 0)
        #expect(metrics.cagr == 0 && metrics.totalReturn == 0 && metrics.exposure == 0)
    }

    @Test("a single day gives one daily return: deviation-based ratios are undefined, the rest are not")
    func singleDay() {
        var tracker = EquityTracker()
        tracker.record(time: Self.t0, equity: 1000, exposed: true)
        tracker.record(time: Self.t0 + 6 * Self.hour, equity: 950, exposed: true)
        tracker.record(time: Self.t0 + 12 * Self.hour, equity: 1020, exposed: false)
        let metrics = PerformanceMetrics.compute(tracker: tracker, trades: [Self.trade(20)], initialEquity: 1000, fees: 1, buyAndHold: nil, periodsPerYear: 365)
        #expect(metrics.days == 1)
        #expect(metrics.volatility == nil && metrics.sharpe == nil && metrics.sortino == nil)
        close(metrics.totalReturn, 0.02)
        close(metrics.maxDrawdown, 0.05)
        #expect(metrics.maxDrawdownDurationS == 12 * 3600)
        close(metrics.cagr, pow(1.02, 365.25 * 2) - 1) // half a day
        close(metrics.exposure, 2.0 / 3)
    }

    @Test("all losing trades give a zero win rate, a zero profit factor and a negative average")
    func allLosers() {
        let metrics = PerformanceMetrics.compute(
            tracker: Self.fourDays(), trades: [Self.trade(-10), Self.trade(-30)], initialEquity: 1000, fees: 2, buyAndHold: nil, periodsPerYear: 365
        )
        #expect(metrics.winRate == 0)
        #expect(metrics.profitFactor == 0)
        close(metrics.avgTrade, -20)
    }

    @Test("an empty run reports initial equity and leaves bar-based statistics undefined")
    func emptyRun() {
        let metrics = PerformanceMetrics.compute(tracker: EquityTracker(), trades: [], initialEquity: 500, fees: 0, buyAndHold: nil, periodsPerYear: 365)
        #expect(metrics.equityFinal == 500 && metrics.totalReturn == 0 && metrics.days == 0)
        #expect(metrics.maxDrawdown == nil && metrics.exposure == nil && metrics.cagr == nil && metrics.sharpe == nil)
    }

    @Test("JSON uses snake_case keys, always writes every key, encodes NaN as null and decodes back")
    func jsonShape() throws {
        var metrics = PerformanceMetrics.compute(tracker: Self.fourDays(), trades: [Self.trade(5)], initialEquity: 1000, fees: 1, buyAndHold: (1, 2), periodsPerYear: 365)
        metrics.sharpe = .infinity
        let data = try JSONEncoder().encode(metrics)
        let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        #expect(Set(json.keys) == [
            "total_return", "cagr", "volatility", "sharpe", "sortino", "max_drawdown", "max_drawdown_duration_s", "calmar",
            "trades", "win_rate", "profit_factor", "avg_trade", "exposure", "fees", "equity_final", "equity_initial",
            "buy_and_hold_return", "days",
        ])
        #expect(json["sharpe"] is NSNull)
        #expect(json["profit_factor"] is NSNull) // no losing trade
        close(json["max_drawdown"] as? Double, metrics.maxDrawdown!)
        var decoded = try JSONDecoder().decode(PerformanceMetrics.self, from: data)
        #expect(decoded.sharpe == nil)
        decoded.sharpe = metrics.sharpe
        #expect(decoded == metrics)
    }

    @Test("a trade's return is its net pnl over the entry notional, and encodes with snake_case keys")
    func tradeReturn() throws {
        let trade = ClosedTrade(symbol: "X", side: .short, quantity: 2, entryTime: 1, exitTime: 2, entryPrice: 50, exitPrice: 45, fees: 1, pnl: 9)
        close(trade.returnPct, 0.09)
        let json = String(decoding: try JSONEncoder().encode(trade), as: UTF8.self)
        #expect(json.contains("\"entry_price\":50") && json.contains("\"side\":\"short\""))
        #expect(ClosedTrade(symbol: "X", side: .long, quantity: 0, entryTime: 1, exitTime: 2, entryPrice: 50, exitPrice: 45, fees: 0, pnl: 0).returnPct == 0)
    }
}
