import Engine
import LuaRuntime
import Testing
@testable import Strategies

/// ctx.ta as strategies see it: the C indicators behind it, their errors and their limits.
@Suite("ctx.ta from Lua")
struct IndicatorAPITests {
    func failure(_ body: String) throws -> String? {
        let harness = try Harness(header + "function on_bar(ctx, bar)\n\(body)\nend")
        harness.bar(100)
        return harness.engine.failure?.message
    }

    @Test("indicators update from a number or a bar table and answer value, prev, ready and bands")
    func api() throws {
        let harness = try Harness(header + """
        function on_start(ctx) ctx.state.a = ctx.ta.sma(2); ctx.state.b = ctx.ta.bbands(2, 1); ctx.state.h = ctx.ta.highest(2); ctx.state.n = 0 end
        function on_bar(ctx, bar)
          local s = ctx.state
          s.n = s.n + 1
          local v = s.a:update(bar.close)
          s.b:update(bar.close)
          local h = s.h:update(bar)
          if s.n == 1 then assert(v == nil and not s.a:ready() and s.a:prev() == nil and h == nil) end
          if s.n == 2 then
            assert(v == 101 and s.a:value() == 101 and s.a:ready(), tostring(v))
            local upper, middle, lower = s.b:bands()
            assert(middle == 101 and upper == 102 and lower == 100, tostring(upper))
            assert(h == 102, tostring(h))
          end
        end
        """)
        harness.bar(100, high: 100.5)
        harness.bar(102, high: 102)
        #expect(harness.engine.failure == nil, "\(String(describing: harness.engine.failure))")
    }

    @Test("bad periods, bad k, a wrong self and non-indicators in crossover are errors with the line")
    func errors() throws {
        #expect(try failure("  ctx.ta.sma(0)")?.contains("ta.sma(period): period must be an integer between 1 and 100000") == true)
        #expect(try failure("  ctx.ta.ema(2.5)")?.contains("period must be an integer") == true)
        #expect(try failure("  ctx.ta.bbands(20, -1)")?.contains("ta.bbands(period, k): k must be a positive number") == true)
        #expect(try failure("  local s = ctx.ta.sma(3); s.update({}, 1)")?.contains("update: expected an indicator as self") == true)
        #expect(try failure("  local s = ctx.ta.sma(3); s:update(0/0)")?.contains("update: expected a finite number or a bar") == true)
        #expect(try failure("  local s = ctx.ta.atr(3); s:update({ high = 1 })")?.contains("a bar table needs numeric high, low and close") == true)
        let cross = try failure("  ctx.ta.crossover(ctx.ta.sma(2), {})")
        #expect(cross?.contains("crossover(a, b): expected two indicators") == true)
        #expect(cross?.contains("strategies/test.lua:3") == true || cross?.contains(":3:") == true, "\(cross ?? "")")
    }

    @Test("a strategy cannot make more than 10000 indicators, and their memory counts against its limit")
    func limits() throws {
        #expect(try failure("  for i = 1, 10001 do ctx.ta.sma(2) end")?.contains("more than 10000 indicators") == true)
        var limits = LuaLimits()
        limits.memoryLimit = 4 << 20
        let harness = try Harness(header + "function on_bar(ctx, bar)\n  local keep = {}\n  for i = 1, 100 do keep[i] = ctx.ta.sma(100000) end\nend", limits: limits)
        harness.bar(100)
        #expect(harness.engine.failure?.code == .memory)
    }
}
