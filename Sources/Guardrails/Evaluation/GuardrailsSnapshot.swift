public import Engine

/// Breaker and kill-switch state that outlives a session: saved on every transition, restored at start.
///
/// A breaker is restored by id, so a tripped breaker stays tripped even when the policy changed in
/// between (fail closed); ids the new policy no longer has are dropped.
public struct GuardrailsSnapshot: Sendable, Equatable, Codable {
    public struct BreakerState: Sendable, Equatable, Codable {
        public var mode: TradingMode
        public var trippedAt: Int64?
        public var reason: String?

        public init(mode: TradingMode, trippedAt: Int64?, reason: String?) {
            self.mode = mode
            self.trippedAt = trippedAt
            self.reason = reason
        }
    }

    public var policyHash: String
    public var breakers: [String: BreakerState]
    public var kill: String?
    public var lossStreak: Int
    public var peakEquity: Double?
    public var day: Int64?
    public var dayStartEquity: Double?

    public init(policyHash: String, breakers: [String: BreakerState] = [:], kill: String? = nil, lossStreak: Int = 0, peakEquity: Double? = nil, day: Int64? = nil, dayStartEquity: Double? = nil) {
        self.policyHash = policyHash
        self.breakers = breakers
        self.kill = kill
        self.lossStreak = lossStreak
        self.peakEquity = peakEquity
        self.day = day
        self.dayStartEquity = dayStartEquity
    }
}

extension Guardrails {
    /// The state to persist now.
    public func snapshot() -> GuardrailsSnapshot {
        var states: [String: GuardrailsSnapshot.BreakerState] = [:]
        for breaker in breakers {
            states[breaker.spec.id] = .init(mode: breaker.mode, trippedAt: breaker.trippedAt == .min ? nil : breaker.trippedAt, reason: breaker.reason)
        }
        return GuardrailsSnapshot(
            policyHash: policyHash, breakers: states, kill: killReason, lossStreak: lossStreak,
            peakEquity: peakEquity.isFinite ? peakEquity : nil, day: day == .min ? nil : day, dayStartEquity: day == .min ? nil : dayStartEquity
        )
    }

    /// Restores persisted state before the first event.
    public func restore(_ snapshot: GuardrailsSnapshot) {
        for index in breakers.indices {
            guard let state = snapshot.breakers[breakers[index].spec.id], state.mode != .active else { continue }
            // The policy may have changed the action; the breaker comes back in its current action's mode.
            breakers[index].mode = breakers[index].action
            breakers[index].trippedAt = state.trippedAt ?? .min
            breakers[index].reason = state.reason
        }
        killReason = snapshot.kill
        lossStreak = snapshot.lossStreak
        if let peak = snapshot.peakEquity { peakEquity = peak }
        if let day = snapshot.day, let start = snapshot.dayStartEquity {
            self.day = day
            dayStartEquity = start
            (dayBegins, dayEnds) = (.max, .min)
        }
        updateMode()
    }

    /// Each breaker's id, state and reason, for status displays.
    public var breakerStates: [(id: String, mode: TradingMode, reason: String?, trippedAt: Int64?)] {
        breakers.map { ($0.spec.id, $0.mode, $0.reason, $0.trippedAt == .min ? nil : $0.trippedAt) }
    }
}

extension Guardrails {
    /// Allow and reject counts per rule, as ``allowCounts`` and ``rejectCounts`` report them.
    public struct Counts: Sendable {
        public var allow: [Int]
        public var reject: [Int]

        public init(allow: [Int], reject: [Int]) {
            self.allow = allow
            self.reject = reject
        }
    }

    /// Replaces the coverage counts (policy tests count only the order under test, not its set-up orders).
    public func setCounts(_ counts: Counts) {
        allowCounts = counts.allow
        rejectCounts = counts.reject
    }
}
