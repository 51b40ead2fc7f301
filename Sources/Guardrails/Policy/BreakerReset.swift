/// How a tripped breaker is released.
public enum BreakerReset: Sendable, Equatable {
    /// Automatically, `ms` after the trip; the condition's baseline restarts from the current state.
    case after(ms: Int64)
    /// As soon as the condition no longer holds.
    case whenClear
    /// Only by an operator: `spark breaker reset ID --reason ...`.
    case manual
}
