import Engine

extension Guardrails {
    /// Trips, resets or leaves one breaker, appending what changed.
    func step(_ breaker: inout BreakerRuntime, account: AccountView, into changes: inout [BreakerTransition]) {
        let firing = condition(breaker.spec.condition, account: account)
        if breaker.mode == .active {
            guard let firing else { return }
            breaker.mode = breaker.action
            breaker.trippedAt = account.now
            breaker.reason = firing
            changes.append(BreakerTransition(breaker: breaker.spec.id, from: .active, to: breaker.mode, reason: firing, time: account.now))
            return
        }
        let released: String?
        switch breaker.spec.reset {
        case .manual:
            released = nil
        case .whenClear:
            released = firing == nil ? "condition cleared" : nil
        case .after(let ms):
            released = account.now - breaker.trippedAt >= ms ? "reset after \(Self.duration(ms))" : nil
            if released != nil { rebaseline(breaker.spec.condition, account: account) }
        }
        guard let released else { return }
        let from = breaker.mode
        breaker.release()
        changes.append(BreakerTransition(breaker: breaker.spec.id, from: from, to: .active, reason: released, time: account.now))
    }

    /// A sentence saying why `condition` holds now, or nil when it does not.
    func condition(_ condition: BreakerCondition, account: AccountView) -> String? {
        switch condition {
        case .dailyLossPct(let pct):
            guard dayStartEquity > 0 else { return nil }
            let loss = (dayStartEquity - account.equity) / dayStartEquity * 100
            return loss >= pct ? "daily loss \(Self.number(loss))% ≥ \(Self.number(pct))%" : nil
        case .drawdownPct(let pct):
            guard peakEquity > 0 else { return nil }
            let drawdown = (peakEquity - account.equity) / peakEquity * 100
            return drawdown >= pct ? "drawdown \(Self.number(drawdown))% from peak ≥ \(Self.number(pct))%" : nil
        case .consecutiveLosses(let count):
            return lossStreak >= count ? "\(lossStreak) losing trades in a row ≥ \(count)" : nil
        case .rejectRate(let pct, let window, let minOrders):
            let (rejected, seen) = outcomes.rejections(inLast: window)
            guard seen >= minOrders, seen > 0 else { return nil }
            let rate = Double(rejected) / Double(seen) * 100
            return rate >= pct ? "\(rejected) of the last \(seen) orders rejected (\(Self.number(rate))% ≥ \(Self.number(pct))%)" : nil
        case .errorCount(let count, let within):
            let errors = errorTimes.count(since: account.now - within + 1)
            return errors >= count ? "\(errors) rule errors within \(Self.duration(within)) ≥ \(count)" : nil
        case .dataStale(let maxAge):
            for index in account.lastPriceTime.indices where account.lastPriceTime[index] != .min {
                let age = account.now - account.lastPriceTime[index]
                if age > maxAge {
                    return "\(account.symbols.names[index]) data is \(Self.duration(age)) old > \(Self.duration(maxAge))"
                }
            }
            return nil
        }
    }

    /// Restarts a condition's measurement from the current state, so a reset breaker does not re-trip on old history.
    func rebaseline(_ condition: BreakerCondition, account: AccountView) {
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
