import Engine

extension Guardrails {
    /// Trips, resets or leaves one breaker, appending what changed.
    ///
    /// Runs after every event, so it only compares numbers; sentences are built on a transition.
    func step(_ breaker: inout BreakerRuntime, account: Observation, into changes: inout [BreakerTransition]) {
        let condition = breaker.spec.condition
        if breaker.mode == .active {
            guard holds(condition, account: account) else { return }
            let reason = describe(condition, account: account)
            breaker.mode = breaker.action
            breaker.trippedAt = account.now
            breaker.reason = reason
            changes.append(BreakerTransition(breaker: breaker.spec.id, from: .active, to: breaker.mode, reason: reason, time: account.now))
            return
        }
        let released: String?
        switch breaker.spec.reset {
        case .manual:
            released = nil
        case .whenClear:
            released = holds(condition, account: account) ? nil : "condition cleared"
        case .after(let ms):
            guard account.now - breaker.trippedAt >= ms else { return }
            released = "reset after \(Self.duration(ms))"
            rebaseline(condition, account: account)
        }
        guard let released else { return }
        let from = breaker.mode
        breaker.release()
        changes.append(BreakerTransition(breaker: breaker.spec.id, from: from, to: .active, reason: released, time: account.now))
    }

    /// Whether `condition` holds now.
    func holds(_ condition: BreakerCondition, account: Observation) -> Bool {
        switch condition {
        case .dailyLossPct(let pct):
            return dayStartEquity > 0 && (dayStartEquity - account.equity) / dayStartEquity * 100 >= pct
        case .drawdownPct(let pct):
            return peakEquity > 0 && (peakEquity - account.equity) / peakEquity * 100 >= pct
        case .consecutiveLosses(let count):
            return lossStreak >= count
        case .rejectRate(let pct, let window, let minOrders):
            let (rejected, seen) = outcomes.rejections(inLast: window)
            return seen >= minOrders && seen > 0 && Double(rejected) / Double(seen) * 100 >= pct
        case .errorCount(let count, let within):
            return errorTimes.count >= count && errorTimes.count(since: account.now - within + 1) >= count
        case .dataStale(let maxAge):
            for time in account.lastPriceTime where time != .min && account.now - time > maxAge { return true }
            return false
        }
    }

    /// A sentence saying why `condition` holds, with the values that made it hold.
    func describe(_ condition: BreakerCondition, account: Observation) -> String {
        switch condition {
        case .dailyLossPct(let pct):
            let loss = (dayStartEquity - account.equity) / dayStartEquity * 100
            return "daily loss \(Self.number(loss))% ≥ \(Self.number(pct))%"
        case .drawdownPct(let pct):
            let drawdown = (peakEquity - account.equity) / peakEquity * 100
            return "drawdown \(Self.number(drawdown))% from peak ≥ \(Self.number(pct))%"
        case .consecutiveLosses(let count):
            return "\(lossStreak) losing trades in a row ≥ \(count)"
        case .rejectRate(let pct, let window, _):
            let (rejected, seen) = outcomes.rejections(inLast: window)
            return "\(rejected) of the last \(seen) orders rejected (\(Self.number(Double(rejected) / Double(seen) * 100))% ≥ \(Self.number(pct))%)"
        case .errorCount(let count, let within):
            return "\(errorTimes.count(since: account.now - within + 1)) rule errors within \(Self.duration(within)) ≥ \(count)"
        case .dataStale(let maxAge):
            for index in account.lastPriceTime.indices where account.lastPriceTime[index] != .min {
                let age = account.now - account.lastPriceTime[index]
                if age > maxAge { return "\(symbolNames[index]) data is \(Self.duration(age)) old > \(Self.duration(maxAge))" }
            }
            return "data stale"
        }
    }

    /// Restarts a condition's measurement from the current state, so a reset breaker does not re-trip on old history.
    func rebaseline(_ condition: BreakerCondition, account: Observation) {
        switch condition {
        case .dailyLossPct: dayStartEquity = account.equity
        case .drawdownPct: peakEquity = account.equity
        case .consecutiveLosses: lossStreak = 0
        case .rejectRate: outcomes.removeAll()
        case .errorCount: errorTimes.removeAll()
        case .dataStale: break
        }
    }
}
