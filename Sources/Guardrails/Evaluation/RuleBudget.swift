public import SparkCore
import LuaRuntime

/// How a policy's Lua rules are budgeted: what decides that a rule ran too long, per mode.
///
/// A rule's overrun rejects the order it was checking (`rule_error`) and disables the rule for the
/// rest of the run, in every mode; what differs is only what counts as too long.
public enum RuleBudget: Sendable {
    /// Backtests and the lab: a deterministic instruction budget (C calls charged their estimated
    /// cost), so an overrun happens at the same check on every machine, loaded or not.
    case instructions(Int)
    /// Paper and live: the wall-clock budget. An overrun depends on the machine, so it is reported
    /// through ``Guardrails/onRuleOverrun`` for the journal.
    case wallClock
    /// Replay: no budget of its own; overruns happen exactly where the journal recorded them.
    case journaled([RuleOverrun])

    /// Instructions a rule's check may execute in a backtest: about 30 ms of Lua on this machine kind.
    public static let defaultInstructions = 10_000_000

    /// The budget a run in `mode` gives its rules: instructions in simulated time, the wall clock in real time.
    public static func `for`(mode: SessionMode) -> RuleBudget {
        mode.isRealTime ? .wallClock : .instructions(defaultInstructions)
    }

    /// The limits a rule's Lua state runs under with this budget, from the wall-clock `base`.
    func limits(_ base: LuaLimits) -> LuaLimits {
        var limits = base
        // The per-call C limit and the backstop stay tied to the nominal wall-clock budget in every mode.
        limits.cCallLimit = .nanoseconds(Int64(base.effectiveCCallLimitNanoseconds))
        limits.backstop = .nanoseconds(base.effectiveBackstopNanoseconds)
        switch self {
        case .instructions(let count):
            limits.timeBudget = .zero
            limits.instructionBudget = count
        case .wallClock:
            break
        case .journaled:
            limits.timeBudget = .zero
            limits.instructionBudget = nil
        }
        return limits
    }
}

/// A Lua rule's overrun as the journal keeps it: which rule, at which check, and the message.
///
/// A check is named by the event time it ran at and its number among the rule's checks at that
/// time, which a replay reproduces exactly (policy swaps happen between bars).
public struct RuleOverrun: Sendable, Equatable {
    public var rule: String
    public var time: Int64
    public var check: Int
    public var message: String

    public init(rule: String, time: Int64, check: Int, message: String) {
        self.rule = rule
        self.time = time
        self.check = check
        self.message = message
    }
}
