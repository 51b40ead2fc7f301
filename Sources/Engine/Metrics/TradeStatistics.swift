/// The trade metrics of a run, accumulated one closed trade at a time, so a run need not keep its
/// trades to report them.
///
/// Sums are taken in the order the trades are added, exactly as ``PerformanceMetrics`` summed the
/// whole list before (left to right from zero), so the results are the same doubles bit for bit.
public struct TradeStatistics: Sendable, Equatable {
    /// Closed trades added.
    public private(set) var count = 0
    /// Trades with positive net pnl.
    public private(set) var wins = 0
    /// Sum of the positive pnls.
    public private(set) var grossProfit = 0.0
    /// Sum of the negative pnls (a negative number or zero).
    public private(set) var lossSum = 0.0
    /// Sum of every pnl.
    public private(set) var netPnL = 0.0

    /// No trades yet.
    public init() {}

    /// The statistics of `trades`, added in order.
    public init(_ trades: some Sequence<ClosedTrade>) {
        for trade in trades { add(trade) }
    }

    /// Adds one closed trade.
    public mutating func add(_ trade: ClosedTrade) {
        let pnl = trade.pnl
        count += 1
        netPnL += pnl
        if pnl > 0 {
            wins += 1
            grossProfit += pnl
        } else if pnl < 0 {
            lossSum += pnl
        }
    }

    /// Fraction of trades with positive net pnl; nil without trades.
    public var winRate: Double? { count == 0 ? nil : Double(wins) / Double(count) }
    /// Gross profit over gross loss; nil when no trade lost.
    public var profitFactor: Double? {
        let grossLoss = -lossSum
        return grossLoss > 0 ? grossProfit / grossLoss : nil
    }
    /// Mean net pnl per trade; nil without trades.
    public var averageTrade: Double? { count == 0 ? nil : netPnL / Double(count) }
}
