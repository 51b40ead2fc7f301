import Engine
import Foundation
import Guardrails
import SparkCore
import Testing

/// Lua rules under the three budgets: instructions (backtests), wall clock (paper, live), journal (replay).
@Suite("Rule budgets", .serialized)
struct RuleBudgetTests {
    func desk(_ source: String, budget: RuleBudget, breakers: [BreakerSpec] = []) throws -> Desk {
        try Desk(
            rules: [Rule(id: "slow", kind: .lua(file: "rules/slow.lua", params: [:]))], breakers: breakers,
            luaSources: ["rules/slow.lua": source], ruleBudget: budget
        )
    }

    /// Loops `order.qty * 1e6` times: small orders pass, a large one runs past any budget.
    let scaled = "function check(order, ctx) local n = 0 for i = 1, order.qty * 1e6 do n = n + i end return true end"

    @Test("under an instruction budget an overrun is a rule_error at the same check every time, and the rule stays off")
    func instructionOverrunIsDeterministic() throws {
        func verdicts() throws -> [String] {
            let desk = try desk(scaled, budget: .instructions(2_000_000))
            return [0.01, 0.5, 5, 0.01].map { desk.code(desk.order(.buy, $0)) ?? "allow" }
        }
        let first = try verdicts()
        #expect(first == ["allow", "allow", "rule_error", "rule_error"])
        #expect(try verdicts() == first)
    }

    /// The committed hostile rules (Tests/LuaRuntimeTests/Hostile/rules).
    static let hostileRules: [(name: String, source: String)] = {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("LuaRuntimeTests/Hostile/rules")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".lua") }.sorted()
        return names.map { ($0, (try? String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8)) ?? "") }
    }()

    @Test("every committed hostile rule rejects with rule_error within 8× its 50 ms budget instead of stopping the run")
    func hostileRulesReject() throws {
        #expect(Self.hostileRules.count >= 6)
        for (name, source) in Self.hostileRules {
            for budget in [RuleBudget.instructions(RuleBudget.defaultInstructions), .wallClock] {
                let desk = try desk(source, budget: budget)
                let clock = ContinuousClock()
                let start = clock.now
                #expect(desk.code(desk.order(.buy, 0.01)) == "rule_error", "\(name) \(budget)")
                #expect(clock.now - start < .milliseconds(400), "\(name) \(budget): \(clock.now - start)")
                #expect(desk.code(desk.order(.buy, 0.01)) == "rule_error", "the rule stays off: \(name)")
            }
        }
    }

    @Test("a wall-clock overrun is reported for the journal, and a replay given it rejects at the same check")
    func wallClockOverrunIsJournaled() throws {
        let live = try desk(scaled, budget: .wallClock)
        var reported: [RuleOverrun] = []
        live.guardrails.onRuleOverrun = { reported.append($0) }
        let sizes = [0.01, 1_000, 0.01]
        let liveCodes = sizes.map { live.code(live.order(.buy, $0)) ?? "allow" }
        #expect(liveCodes == ["allow", "rule_error", "rule_error"])
        let overrun = try #require(reported.first)
        #expect(reported.count == 1)
        #expect(overrun.rule == "slow" && overrun.check == 2 && overrun.time == t0)
        #expect(overrun.message.contains("time budget of 50 ms exceeded"), "\(overrun.message)")

        // The replay runs the rule with no budget of its own: the journal places the overrun.
        let replay = try desk(scaled, budget: .journaled(reported))
        var replayReasons: [String] = []
        for size in [0.01, 0.01, 0.01] {
            if case .reject(let rejection) = replay.check(replay.order(.buy, size)) { replayReasons.append(rejection.message) } else { replayReasons.append("allow") }
        }
        var liveReasons: [String] = []
        let again = try desk(scaled, budget: .journaled(reported))
        for size in sizes.map({ _ in 0.01 }) {
            if case .reject(let rejection) = again.check(again.order(.buy, size)) { liveReasons.append(rejection.message) } else { liveReasons.append("allow") }
        }
        #expect(replayReasons[0] == "allow")
        #expect(replayReasons[1].contains(overrun.message))
        #expect(replayReasons == liveReasons)
    }

    @Test("every rule error counts toward the error-count breaker, and the guard goes on deciding")
    func errorsTripTheBreaker() throws {
        let desk = try desk("function check(order, ctx) while true do end end", budget: .instructions(100_000), breakers: [
            BreakerSpec(id: "errors", condition: .errorCount(count: 2, withinMs: 60_000), action: .halted, reset: .manual),
        ])
        #expect(desk.code(desk.order(.buy, 0.01)) == "rule_error")
        #expect(desk.code(desk.order(.buy, 0.01)) == "rule_error")
        _ = desk.guardrails.observe(now: t0 + 1, equity: 100_000, lastPriceTime: [t0, t0], closed: [])
        #expect(desk.guardrails.mode == .halted)
    }
}
