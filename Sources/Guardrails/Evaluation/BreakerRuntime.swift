import Engine

/// One breaker's live state.
struct BreakerRuntime: Sendable {
    let spec: BreakerSpec
    var mode: TradingMode = .active
    var trippedAt: Int64 = .min
    var reason: String?

    /// What the condition reads, so an event that did not move it can skip the breaker.
    let input: InputSet

    init(spec: BreakerSpec) {
        self.spec = spec
        input = switch spec.condition {
        case .dailyLossPct, .drawdownPct: .equity
        case .consecutiveLosses: .trades
        case .rejectRate: .outcomes
        case .errorCount: .errors
        case .dataStale: .time
        }
    }

    var action: TradingMode { spec.action == .halted ? .halted : .reduceOnly }

    mutating func release() {
        mode = .active
        trippedAt = .min
        reason = nil
    }
}
