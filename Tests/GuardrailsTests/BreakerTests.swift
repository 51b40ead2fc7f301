import Engine
import Guardrails
import SparkCore
import Testing

/// Every breaker trips, holds, and untrips as its reset says, and survives a restart in between.
@Suite("Circuit breakers")
struct BreakerTests {
    func desk(_ condition: BreakerCondition, _ action: TradingModeAction = .halted, reset: BreakerReset, rules: [Rule] = []) throws -> Desk {
        try Desk(rules: rules, breakers: [BreakerSpec(id: "b", condition: condition, action: action, reset: reset)])
    }

    /// A fresh guard restored from `desk`'s snapshot, as a new session after a restart would be.
    func restarted(_ desk: Desk, _ condition: BreakerCondition, _ action: TradingModeAction = .halted, reset: BreakerReset, rules: [Rule] = []) throws -> Desk {
        let next = try self.desk(condition, action, reset: reset, rules: rules)
        next.account = desk.account
        next.guardrails.restore(desk.guardrails.snapshot())
        return next
    }

    @Test("daily loss trips at the limit, survives a restart, and resets after its duration on a new baseline")
    func dailyLoss() throws {
        let desk = try desk(.dailyLossPct(3), .reduceOnly, reset: .after(ms: day))
        desk.observe(equity: 100_000)
        #expect(desk.observe(at: t0 + hour, equity: 97_001).isEmpty)
        let trip = desk.observe(at: t0 + 2 * hour, equity: 97_000)
        #expect(trip.map(\.to) == [.reduceOnly])
        #expect(desk.guardrails.mode == .reduceOnly)
        #expect(desk.code(desk.order(.buy, 0.01)) == "reduce_only")
        desk.account.positions[0] = 10_000
        #expect(desk.verdict(desk.order(.sell, 0.05)) == "allow", "reducing a long is allowed")
        #expect(desk.code(desk.order(.sell, 0.10001)) == "reduce_only", "flipping short is not a reduction")
        let after = try restarted(desk, .dailyLossPct(3), .reduceOnly, reset: .after(ms: day))
        #expect(after.guardrails.mode == .reduceOnly)
        #expect(after.observe(at: t0 + 2 * hour + day - 1, equity: 97_000).isEmpty)
        let untrip = after.observe(at: t0 + 2 * hour + day, equity: 97_000)
        #expect(untrip.map(\.to) == [.active])
        #expect(after.guardrails.mode == .active)
    }

    @Test("drawdown from the running peak trips a halt that only a manual reset releases, even after a restart")
    func drawdown() throws {
        let desk = try desk(.drawdownPct(10), reset: .manual)
        desk.observe(equity: 100_000)
        desk.observe(at: t0 + minute, equity: 120_000)
        #expect(desk.observe(at: t0 + 2 * minute, equity: 108_001).isEmpty)
        #expect(desk.observe(at: t0 + 3 * minute, equity: 108_000).map(\.to) == [.halted])
        #expect(desk.code(desk.order(.sell, 0.01)) == "halted", "halted refuses reductions too")
        let after = try restarted(desk, .drawdownPct(10), reset: .manual)
        #expect(after.observe(at: t0 + 30 * day, equity: 200_000).isEmpty, "manual means manual, whatever equity does")
        #expect(after.guardrails.mode == .halted)
        let reset = after.guardrails.control(.resetBreaker(id: "b", by: "ayse", reason: "reviewed"), account: after.account)
        #expect(reset.first?.reason == "manual reset by ayse: reviewed")
        #expect(after.guardrails.mode == .active)
    }

    @Test("consecutive losses trip at the count, a win clears them, and when_clear releases once it no longer holds")
    func lossStreak() throws {
        let desk = try desk(.consecutiveLosses(3), .reduceOnly, reset: .whenClear)
        #expect(desk.observe(closed: [-1, -1]).isEmpty)
        #expect(desk.observe(closed: [5]).isEmpty, "a win resets the streak")
        #expect(desk.observe(closed: [-1, -1]).isEmpty)
        #expect(desk.observe(closed: [-1]).map(\.to) == [.reduceOnly])
        let after = try restarted(desk, .consecutiveLosses(3), .reduceOnly, reset: .whenClear)
        #expect(after.guardrails.mode == .reduceOnly, "the streak and the trip survive the restart")
        #expect(after.observe(closed: [-2]).isEmpty)
        #expect(after.observe(closed: [3]).map(\.to) == [.active])
    }

    @Test("the reject-rate breaker trips once enough orders were seen and resets after its duration")
    func rejectRate() throws {
        let rules = [Rule(id: "qty", kind: .maxOrderQuantity(limit: 1))]
        let desk = try desk(.rejectRate(pct: 50, window: 4, minOrders: 4), reset: .after(ms: hour), rules: rules)
        _ = desk.check(desk.order(.buy, 2))
        _ = desk.check(desk.order(.buy, 2))
        #expect(desk.observe().isEmpty, "two orders are fewer than min_orders")
        _ = desk.check(desk.order(.buy, 0.1))
        #expect(desk.observe().isEmpty, "2 of 3 is not yet a verdict")
        _ = desk.check(desk.order(.buy, 0.1))
        #expect(desk.observe().map(\.to) == [.halted])
        #expect(desk.verdict(desk.order(.buy, 0.1)) == "b")
        let after = try restarted(desk, .rejectRate(pct: 50, window: 4, minOrders: 4), reset: .after(ms: hour), rules: rules)
        #expect(after.guardrails.mode == .halted)
        #expect(after.observe(at: t0 + hour).map(\.to) == [.active])
    }

    @Test("Lua rule errors count toward the error breaker, which halts until a manual reset")
    func errorCount() throws {
        let source = "function check(order, ctx) error('boom') end"
        let desk = try Desk(
            rules: [Rule(id: "lua", kind: .lua(file: "rules/boom.lua", params: [:]))],
            breakers: [BreakerSpec(id: "errors", condition: .errorCount(count: 2, withinMs: hour), action: .halted, reset: .manual)],
            luaSources: ["rules/boom.lua": source]
        )
        #expect(desk.code(desk.order(.buy, 0.01)) == "rule_error")
        #expect(desk.observe().isEmpty)
        #expect(desk.code(desk.order(.buy, 0.01)) == "rule_error")
        #expect(desk.observe().map(\.breaker) == ["errors"])
        #expect(desk.verdict(desk.order(.buy, 0.01)) == "errors")
    }

    @Test("market data older than the limit trips the staleness breaker, and a fresh bar clears it")
    func staleness() throws {
        let desk = try desk(.dataStale(maxAgeMs: 5 * minute), .reduceOnly, reset: .whenClear)
        #expect(desk.observe(at: t0 + 5 * minute).isEmpty)
        #expect(desk.observe(at: t0 + 5 * minute + 1).map(\.to) == [.reduceOnly])
        let after = try restarted(desk, .dataStale(maxAgeMs: 5 * minute), .reduceOnly, reset: .whenClear)
        #expect(after.guardrails.mode == .reduceOnly)
        after.account.lastPriceTime = [t0 + 6 * minute, t0 + 6 * minute]
        #expect(after.observe(at: t0 + 6 * minute).map(\.to) == [.active])
    }

    @Test("the kill switch halts everything and lifting it restores the breakers' own mode")
    func killSwitch() throws {
        let desk = try desk(.consecutiveLosses(1), .reduceOnly, reset: .manual)
        desk.observe(closed: [-1])
        let on = desk.guardrails.control(.kill(on: true, reason: "exchange incident"), account: desk.account)
        #expect(on.map(\.to) == [.halted])
        #expect(desk.code(desk.order(.sell, 0.01)) == "kill_switch")
        let after = try restarted(desk, .consecutiveLosses(1), .reduceOnly, reset: .manual)
        #expect(after.guardrails.mode == .halted, "the kill switch survives a restart")
        let off = after.guardrails.control(.kill(on: false, reason: "resolved"), account: after.account)
        #expect(off.map(\.to) == [.reduceOnly])
    }

    @Test("a breaker restored under a policy that changed its action comes back tripped in the new action")
    func restoreUnderNewAction() throws {
        let desk = try desk(.consecutiveLosses(1), .reduceOnly, reset: .manual)
        desk.observe(closed: [-1])
        let stricter = try restarted(desk, .consecutiveLosses(1), .halted, reset: .manual)
        #expect(stricter.guardrails.mode == .halted)
    }
}
