import Engine
import Guardrails
import SparkCore
import Testing

@Suite("Lua rules")
struct LuaRuleTests {
    func desk(_ source: String, params: [String: Double] = [:]) throws -> Desk {
        try Desk(rules: [Rule(id: "custom", kind: .lua(file: "rules/custom.lua", params: params))], luaSources: ["rules/custom.lua": source])
    }

    @Test("check(order, ctx) sees the order, the account and its params, and its reason is the rejection's")
    func allowsAndRejects() throws {
        let desk = try desk("""
        function check(order, ctx)
          if order.side == "buy" and order.qty * ctx.last_price > ctx.params.max then
            return false, "too big for " .. order.symbol .. " at " .. ctx.strategy
          end
          return true
        end
        """, params: ["max": 1_000])
        #expect(desk.verdict(desk.order(.buy, 0.02)) == "allow")
        guard case .reject(let rejection) = desk.check(desk.order(.buy, 0.03)) else {
            Issue.record("expected a rejection")
            return
        }
        #expect(rejection.rule == "custom")
        #expect(rejection.code == "lua")
        #expect(rejection.message == "too big for BTCUSDT at test")
    }

    @Test("a rule that errors rejects the order with its file and line: fail closed")
    func errorRejects() throws {
        let desk = try desk("function check(order, ctx)\n  return order.missing.field\nend")
        guard case .reject(let rejection) = desk.check(desk.order(.buy, 0.01)) else {
            Issue.record("expected a rejection")
            return
        }
        #expect(rejection.code == "rule_error")
        #expect(rejection.message.contains("rules/custom.lua:2"))
    }

    @Test("a rule stuck in a loop overruns its time budget and rejects, and stays failed closed")
    func timeoutRejects() throws {
        let desk = try desk("function check(order, ctx) while true do end end")
        #expect(desk.code(desk.order(.buy, 0.01)) == "rule_error")
        #expect(desk.code(desk.order(.buy, 0.01)) == "rule_error", "a state that overran is poisoned: every later order is rejected too")
    }

    @Test("an answer that is neither true nor false-and-reason is an error, not an allow")
    func wrongAnswer() throws {
        let desk = try desk("function check(order, ctx) return 1 end")
        #expect(desk.code(desk.order(.buy, 0.01)) == "rule_error")
        let silent = try self.desk("function check(order, ctx) end")
        #expect(silent.code(silent.order(.buy, 0.01)) == "lua", "nil means reject")
    }

    @Test("a rule file without check, or with a syntax error, fails at load with its location")
    func badFiles() throws {
        #expect(throws: GuardrailError.self) { try desk("function verify() return true end") }
        let error = try #require(throws: GuardrailError.self) { try desk("function check(order, ctx)\n  return (\nend") }
        #expect(error.location?.hasPrefix("rules/custom.lua:") == true)
    }

    @Test("the rule runs in the sandbox: no io, os or load")
    func sandboxed() throws {
        let desk = try desk("function check(order, ctx) return io ~= nil end")
        #expect(desk.code(desk.order(.buy, 0.01)) == "rule_error")
    }
}
