import Testing
import Engine
import LuaRuntime
import SparkCore
@testable import Strategies

/// Runs `source` over a few hand-made bars through the real engine and venue.
final class Harness {
    let strategy: LuaStrategy
    let loop: SessionLoop
    var logs: [String] = []
    var minute: Int64 = 0

    init(_ source: String, params: [String: ParamValue] = [:], limits: LuaLimits = LuaLimits(), cash: Double = 100_000) throws {
        strategy = try LuaStrategy(path: "strategies/test.lua", source: source, limits: limits, seed: 7)
        let symbols = SymbolTable(["BTCUSDT", "ETHUSDT"])
        try strategy.bind(params: try strategy.schema.resolve(params, source: "test"), symbols: symbols, primary: SymbolID(0))
        let engine = Engine(configuration: EngineConfiguration(initialCash: Money(cash)!), symbols: symbols, instruments: [.fallback(symbol: "BTCUSDT"), .fallback(symbol: "ETHUSDT")])
        loop = SessionLoop(engine: engine, venue: SimulatedVenue(model: FillModel(), instruments: engine.instruments, cash: engine.configuration.initialCash))
        engine.log = { [unowned self] _, message in self.logs.append(message) }
        loop.start(strategy, at: 1_704_067_200_000)
    }

    var engine: Engine { loop.engine }

    func bar(_ close: Double, open: Double? = nil, high: Double? = nil, low: Double? = nil) {
        let open = open ?? close
        loop.step(Bar(symbol: SymbolID(0), time: 1_704_067_200_000 + minute * 60_000, open: open, high: high ?? max(open, close), low: low ?? min(open, close), close: close, volume: 1))
        minute += 1
    }
}

let header = "strategy = { name = \"t\", params = {} }\n"

@Suite("Lua strategy host")
struct LuaStrategyTests {
    @Test("the schema is read from the strategy table with types, ranges and defaults")
    func schema() throws {
        let strategy = try LuaStrategy(path: "s.lua", source: """
        strategy = { name = "x", params = {
          fast = { type = "int", min = 2, max = 200, default = 10 },
          size = { type = "number", min = 0.001, default = 0.01, description = "units" },
          live = { type = "bool", default = false },
        } }
        function on_bar(ctx, bar) end
        """, limits: LuaLimits(), seed: 1)
        #expect(strategy.schema.name == "x")
        #expect(strategy.schema.parameters.map(\.name) == ["fast", "live", "size"])
        #expect(strategy.schema.parameters[0].kind == .int && strategy.schema.parameters[0].max == 200)
        #expect(throws: ParamError.self) { try strategy.schema.resolve(["fast": .int(1)], source: "t") }
        #expect(throws: ParamError.self) { try strategy.schema.resolve(["fast": .number(2.5)], source: "t") }
        #expect(throws: ParamError.self) { try strategy.schema.resolve(["nope": .int(1)], source: "t") }
    }

    @Test("a malformed schema or a missing on_bar is refused with the file name")
    func badSchema() {
        for source in [
            "function on_bar() end",
            "strategy = { name = 'x', params = { a = { type = 'float' } } }\nfunction on_bar() end",
            "strategy = { name = 'x', params = { a = { type = 'int', default = 'ten' } } }\nfunction on_bar() end",
            "strategy = { name = 'x', params = {} }",
        ] {
            #expect {
                try LuaStrategy(path: "bad.lua", source: source, limits: LuaLimits(), seed: 1)
            } throws: { error in
                (error as? StrategyFailure)?.code == .schema && "\(error)".contains("bad.lua")
            }
        }
    }

    @Test("a syntax error names file and line")
    func syntaxError() {
        #expect {
            try LuaStrategy(path: "strategies/broken.lua", source: header + "function on_bar(ctx, bar)\n  if then\nend", limits: LuaLimits(), seed: 1)
        } throws: { error in
            "\(error)".contains("strategies/broken.lua:3")
        }
    }

    @Test("ctx orders, positions, cash and indicators work end to end")
    func contextAPI() throws {
        let harness = try Harness(header + """
        function on_start(ctx) ctx.state.sma = ctx.ta.sma(2); ctx.state.n = 0 end
        function on_bar(ctx, bar)
          ctx.state.n = ctx.state.n + 1
          local v = ctx.state.sma:update(bar.close)
          if ctx.state.n == 1 then assert(v == nil and not ctx.state.sma:ready()) end
          if ctx.state.n == 2 then
            assert(v == 101, "sma " .. tostring(v))
            assert(ctx:buy{ qty = 0.5, tag = "entry" })
            local id = ctx:sell{ qty = 0.1, limit = 500 }
            assert(#ctx:orders() == 2 and ctx:orders()[2].price == 500)
            assert(ctx:cancel(id))
          end
          if ctx.state.n == 3 then
            assert(ctx:position() == 0.5, "position " .. ctx:position())
            assert(ctx:position("ETHUSDT") == 0)
            assert(math.abs(ctx:cash() - (100000 - 0.5 * 103)) < 1e-9)
            assert(ctx:now() == bar.time)
            ctx:close()
          end
        end
        function on_fill(ctx, fill)
          ctx:log("fill", fill.side, fill.qty, fill.price, fill.tag)
        end
        """)
        harness.bar(100)
        harness.bar(102)
        harness.bar(104, open: 103)
        harness.bar(106, open: 105)
        #expect(harness.engine.failure == nil, "\(String(describing: harness.engine.failure))")
        #expect(harness.engine.position(SymbolID(0)) == 0)
        #expect(harness.logs.contains { $0.contains("fill buy 0.5 103.0 entry") })
    }

    @Test("on_bar sees one bar table that the host refills each bar, and a strategy cannot take it over")
    func barTable() throws {
        let harness = try Harness(header + """
        local seen, first = {}, nil
        function on_bar(ctx, bar)
          first = first or bar
          assert(bar == first, "a new bar table")
          seen[#seen + 1] = string.format("%s %d %s %s", bar.symbol, bar.time, math.type(bar.time), bar.close)
          -- What a strategy does to the table does not reach the next bar: the host's fields win.
          bar.close, bar.open, bar.extra = nil, "x", true
          local ok, message = pcall(setmetatable, bar, { __newindex = function() error("strategy code in the refill") end })
          assert(not ok and message:find("protected metatable"), tostring(message))
          assert(getmetatable(bar) == "locked")
          if #seen == 2 then ctx:log(table.concat(seen, "; ")) end
        end
        """)
        harness.bar(100)
        harness.bar(101.5)
        #expect(harness.engine.failure == nil, "\(String(describing: harness.engine.failure))")
        #expect(harness.logs.contains { $0.contains("BTCUSDT 1704067200000 integer 100.0; BTCUSDT 1704067260000 integer 101.5") })
    }

    @Test("fills reach on_fill with their symbol, side and tag, tags past the kept ones included")
    func fillArguments() throws {
        let harness = try Harness(header + """
        local n = 0
        function on_bar(ctx, bar)
          n = n + 1
          ctx:buy{ qty = 0.01, tag = "t" .. n }
        end
        function on_fill(ctx, fill)
          ctx:log("fill", fill.symbol, fill.side, fill.qty, fill.tag, ctx:position())
        end
        """)
        for close in stride(from: 100.0, to: 171, by: 1) { harness.bar(close) }
        #expect(harness.engine.failure == nil, "\(String(describing: harness.engine.failure))")
        let fills = harness.logs.filter { $0.contains("fill BTCUSDT buy 0.01 t") }
        #expect(fills.count == 70)
        #expect(fills.first?.contains("fill BTCUSDT buy 0.01 t1 0.01") == true)
        #expect(fills.last?.contains("fill BTCUSDT buy 0.01 t70 0.7") == true)
    }

    @Test("bad order arguments return nil and a reason instead of trading")
    func badOrders() throws {
        let harness = try Harness(header + """
        function on_bar(ctx, bar)
          local results = {}
          for _, q in ipairs({ 0/0, 1/0, -1, 0 }) do
            local id, err = ctx:buy{ qty = q }
            assert(id == nil and err:find("invalid_quantity"), tostring(err))
          end
          local id, err = ctx:buy{ qty = 1, limit = -5 }
          assert(id == nil and err:find("invalid_price"))
          local ok, msg = pcall(ctx.buy, ctx, { qty = 1, symbol = "DOGE" })
          assert(not ok and msg:find("unknown symbol 'DOGE'"), msg)
          ok, msg = pcall(ctx.buy, ctx, { qty = 1, price = 3 })
          assert(not ok and msg:find("unknown field 'price'"), msg)
          ok, msg = pcall(ctx.buy, ctx, 3)
          assert(not ok and msg:find("expected a table"), msg)
        end
        """)
        harness.bar(100)
        #expect(harness.engine.failure == nil, "\(String(describing: harness.engine.failure))")
        #expect(harness.engine.ordersRejected == 5)
        #expect(harness.engine.openOrders.isEmpty)
    }

    @Test("a runtime error in a callback halts the strategy with file:line and a traceback")
    func runtimeError() throws {
        let harness = try Harness(header + "function on_bar(ctx, bar)\n  local t = nil\n  return t.x\nend")
        harness.bar(100)
        let failure = try #require(harness.engine.failure)
        #expect(failure.code == .runtime)
        #expect("\(failure)".contains("strategies/test.lua:4"))
        #expect(failure.traceback?.contains("traceback") == true)
        harness.bar(101)
        #expect(harness.engine.barCount == 2)
    }

    @Test("an infinite loop inside pcall still trips the time budget")
    func pcallLoop() throws {
        var limits = LuaLimits()
        limits.timeBudget = .milliseconds(100)
        let harness = try Harness(header + "function on_bar(ctx, bar)\n  while true do pcall(function() while true do end end) end\nend", limits: limits)
        harness.bar(100)
        #expect(harness.engine.failure?.code == .timeBudget)
    }

    @Test("a memory bomb trips the memory cap, even under pcall")
    func memoryBomb() throws {
        var limits = LuaLimits()
        limits.memoryLimit = 8 << 20
        let harness = try Harness(header + "function on_bar(ctx, bar)\n  pcall(function() local t = {} for i = 1, 1e9 do t[i] = i end end)\nend", limits: limits)
        harness.bar(100)
        #expect(harness.engine.failure?.code == .memory)
    }

    @Test("the sandbox offers no io, os, require, load, debug or string.dump")
    func sandbox() throws {
        let harness = try Harness(header + """
        function on_bar(ctx, bar)
          for _, name in ipairs({ "io", "os", "debug", "load", "loadstring", "dofile", "loadfile", "collectgarbage", "coroutine", "require", "package" }) do
            local ok, value = pcall(function() return _ENV[name] end)
            assert(not ok or value == nil, name .. " is reachable")
          end
          local ok, err = pcall(string.dump, on_bar)
          assert(not ok and tostring(err):find("string.dump is not available"), "string.dump is reachable")
        end
        """)
        harness.bar(100)
        #expect(harness.engine.failure == nil, "\(String(describing: harness.engine.failure))")
    }

    @Test("an order flood from one callback stops at the cap")
    func orderFlood() throws {
        let harness = try Harness(header + """
        function on_bar(ctx, bar)
          for i = 1, 1000 do ctx:buy{ qty = 0.001, limit = 1 } end
        end
        """)
        harness.bar(100)
        #expect(harness.engine.openOrders.count == 100)
        #expect(harness.engine.ordersRejected == 900)
    }

    @Test("math.random is reproducible for a seed")
    func seededRandom() throws {
        func draw() throws -> [String] {
            let harness = try Harness(header + "function on_bar(ctx, bar) ctx:log(math.random(1, 1000000)) end")
            harness.bar(1); harness.bar(2)
            return harness.logs
        }
        #expect(try draw() == draw())
    }
}
