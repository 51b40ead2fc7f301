/// The condition that trips a breaker.
public enum BreakerCondition: Sendable, Equatable {
    /// Equity has fallen `pct` percent or more below its value at the start of the UTC day.
    case dailyLossPct(Double)
    /// Equity has fallen `pct` percent or more below its running peak.
    case drawdownPct(Double)
    /// `count` closed trades in a row lost money.
    case consecutiveLosses(Int)
    /// Of the last `window` order decisions (at least `minOrders` seen), `pct` percent or more were rule rejections.
    case rejectRate(pct: Double, window: Int, minOrders: Int)
    /// `count` Lua rule errors or overruns within `withinMs`.
    case errorCount(count: Int, withinMs: Int64)
    /// A traded symbol's last price is older than `maxAgeMs`.
    case dataStale(maxAgeMs: Int64)

    public var key: String {
        switch self {
        case .dailyLossPct: "daily_loss_pct"
        case .drawdownPct: "drawdown_pct"
        case .consecutiveLosses: "consecutive_losses"
        case .rejectRate: "reject_rate"
        case .errorCount: "error_count"
        case .dataStale: "data_stale"
        }
    }

    public static let keys = ["daily_loss_pct", "drawdown_pct", "consecutive_losses", "reject_rate", "error_count", "data_stale"]
}
