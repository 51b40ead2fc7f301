public import Engine

/// What a leaderboard ranks by; every objective is "higher is better".
public enum Objective: String, Sendable, CaseIterable {
    case sharpe, sortino, calmar, cagr
    case totalReturn = "total_return"
    /// Total return over the largest drawdown: Calmar without annualising, so it works for a day.
    case returnOverDrawdown = "return_over_drawdown"
    case profitFactor = "profit_factor"
    case winRate = "win_rate"
    case equityFinal = "equity_final"

    /// The objective's value for `metrics`; nil when it is undefined (no trades, no drawdown, under a day).
    public func value(_ metrics: PerformanceMetrics) -> Double? {
        let value: Double? = switch self {
        case .sharpe: metrics.sharpe
        case .sortino: metrics.sortino
        case .calmar: metrics.calmar
        case .cagr: metrics.cagr
        case .totalReturn: metrics.totalReturn
        case .returnOverDrawdown: Self.returnOverDrawdown(metrics)
        case .profitFactor: metrics.profitFactor
        case .winRate: metrics.winRate
        case .equityFinal: metrics.equityFinal
        }
        return value.flatMap { $0.isFinite ? $0 : nil }
    }

    static func returnOverDrawdown(_ metrics: PerformanceMetrics) -> Double? {
        guard let drawdown = metrics.maxDrawdown, drawdown > 0 else { return nil }
        return metrics.totalReturn / drawdown
    }
}
