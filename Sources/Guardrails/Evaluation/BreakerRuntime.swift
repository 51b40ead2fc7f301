import Engine

/// One breaker's live state.
struct BreakerRuntime: Sendable {
    let spec: BreakerSpec
    var mode: TradingMode = .active
    var trippedAt: Int64 = .min
    var reason: String?

    init(spec: BreakerSpec) {
        self.spec = spec
    }

    var action: TradingMode { spec.action == .halted ? .halted : .reduceOnly }

    mutating func release() {
        mode = .active
        trippedAt = .min
        reason = nil
    }
}
