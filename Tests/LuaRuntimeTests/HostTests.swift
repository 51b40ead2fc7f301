import Testing
import LuaRuntime

@Suite("Host calls")
struct HostTests {
    @Test("numbers, strings and booleans make the round trip")
    func scalars() throws {
        let host = RecordingHost()
        let state = try hostState(host)
        try state.load(source: """
        sum, count = ctx.add(2, 3.5)
        text, isBTC = ctx.concat('BTC', 'USDT')
        types = { ctx.types(nil, true, 1, 1.5, 's', {}, print) }
        """, chunkName: "h.lua")
        #expect(try state.global("sum") == .number(5.5))
        #expect(try state.global("count") == .integer(2))
        #expect(try state.global("text") == .string("BTCUSDT"))
        #expect(try state.global("isBTC") == .bool(true))
        #expect(try state.global("types") == .array(["nil", "boolean", "integer", "number", "string", "table", "other"].map(LuaValue.string)))
    }

    @Test("a table argument is read as a record of fields")
    func tableArgument() throws {
        let host = RecordingHost()
        let state = try hostState(host)
        try state.load(source: "id = ctx:buy{ symbol = 'ETHUSDT', qty = 2, tag = 'entry' }", chunkName: "h.lua")
        #expect(try state.global("id") == .integer(1))
        #expect(host.orders == ["ETHUSDT 2.0 qty,symbol,tag"])
    }

    @Test("a nested table argument raises a clear error")
    func nestedTable() throws {
        let host = RecordingHost()
        let state = try hostState(host)
        let error = try #require(throws: LuaError.self) {
            try state.load(source: "ctx:buy{ qty = 1, extra = { 1, 2 } }", chunkName: "h.lua")
        }
        #expect(error.message.contains("h.lua:1: bad argument #2 to 'buy'"))
        #expect(error.message.contains("expected a flat table"))
    }

    @Test("handles carry class and id, and their methods reach the host")
    func handles() throws {
        let host = RecordingHost()
        let state = try hostState(host)
        try state.load(source: """
        local a = ctx.account(10)
        local b = ctx.account(1)
        a:deposit(5)
        b:deposit(0.5)
        balances = { a:balance(), b:balance() }
        locked = getmetatable(a)
        kind = type(a)
        ok = pcall(setmetatable, a, {})
        """, chunkName: "h.lua")
        #expect(try state.global("balances") == .array([.number(15), .number(1.5)]))
        #expect(try state.global("locked") == .string("locked"))
        #expect(try state.global("kind") == .string("userdata"))
        #expect(try state.global("ok") == .bool(false))
        #expect(host.balances == [15, 1.5])
    }

    @Test("a host error becomes a Lua error at the calling line, catchable with pcall")
    func hostError() throws {
        let host = RecordingHost()
        let state = try hostState(host)
        try state.load(source: """
        ok, message = pcall(ctx.fail)
        function run()
          ctx:buy{ qty = -1 }
        end
        """, chunkName: "strategies/h.lua")
        #expect(try state.global("ok") == .bool(false))
        #expect(try state.global("message") == .string("the host refused"))
        let error = try #require(throws: LuaError.self) { try state.call(state.functionRef(global: "run")!) }
        #expect(error.code == .host)
        #expect(error.message == "strategies/h.lua:3: ctx:buy: qty must be positive")
        #expect(error.location == "strategies/h.lua:3")
        #expect(state.failure == nil)
    }

    @Test("a host handle is never taken for an indicator, as self or in crossover")
    func handleIsNotAnIndicator() throws {
        let host = RecordingHost()
        let state = try hostState(host)
        let ta = try state.makeTable(.table([:]))
        try state.installIndicators(into: ta)
        try state.load(source: "function __set_ta(t) ta = t end", chunkName: "=setup")
        try state.call(state.functionRef(global: "__set_ta")!, .ref(ta))
        try state.load(source: """
        local account, sma = ctx.account(10), ta.sma(2)
        sma:update(1)
        ok_update, update_error = pcall(sma.update, account, 2)
        ok_value, value_error = pcall(sma.value, account)
        ok_cross, cross_error = pcall(ta.crossover, sma, account)
        balance = account:balance()
        """, chunkName: "i.lua")
        #expect(try state.global("ok_update") == .bool(false))
        #expect(try state.global("update_error").string?.contains("update: expected an indicator as self (got userdata)") == true)
        #expect(try state.global("ok_value") == .bool(false))
        #expect(try state.global("ok_cross") == .bool(false))
        #expect(try state.global("cross_error").string?.contains("crossover(a, b): expected two indicators (got userdata and userdata)") == true)
        // Nothing wrote into the handle as if it were an indicator's state.
        #expect(try state.global("balance") == .number(10))
    }

    @Test("a call with many scalar and ref arguments passes each in order")
    func manyArguments() throws {
        let state = try LuaState(limits: fastLimits, seed: 1)
        try state.load(source: "function f(...) seen = { ... } end", chunkName: "m.lua")
        let name = try state.makeTable(.string("BTCUSDT"))
        let f = try #require(state.functionRef(global: "f"))
        try state.call(f, arguments: [.integer(7), .ref(name), .number(1.5), .bool(true), .integer(-2), .number(0.25), .ref(name), .bool(false), .integer(9), .number(3)])
        #expect(try state.global("seen") == .array([
            .integer(7), .string("BTCUSDT"), .number(1.5), .bool(true), .integer(-2), .number(0.25), .string("BTCUSDT"), .bool(false), .integer(9), .number(3),
        ]))
        let error = try #require(throws: LuaError.self) { try state.call(f, arguments: Array(repeating: .integer(1), count: 17)) }
        #expect(error.code == .invalidArgument)
    }

    @Test("a record's fields are written before the call")
    func records() throws {
        let state = try LuaState(limits: fastLimits, seed: 1)
        try state.load(source: "seen = {}\nfunction on_bar(ctx, bar) seen[#seen + 1] = bar.symbol .. ' ' .. bar.time .. ' ' .. bar.close end", chunkName: "r.lua")
        let record = try state.makeRecord(keys: ["time", "open", "high", "low", "close", "volume"], integerKeys: ["time"], stringKey: "symbol")
        try state.setRecordString(record, "BTCUSDT")
        let ctx = try state.makeTable(.table([:]))
        let onBar = try #require(state.functionRef(global: "on_bar"))
        try state.call(onBar, .ref(ctx), .record(record, [1000, 1, 2, 0.5, 1.5, 10]))
        try state.call(onBar, .ref(ctx), .record(record, [2000, 1, 2, 0.5, 1.75, 10]))
        #expect(try state.global("seen") == .array([.string("BTCUSDT 1000 1.5"), .string("BTCUSDT 2000 1.75")]))
    }

    @Test("print reaches the host")
    func printReachesHost() throws {
        let host = RecordingHost()
        let state = try hostState(host)
        try state.load(source: "print('a', 1, 2.5, nil, true)", chunkName: "p.lua")
        #expect(host.printed == ["a\t1\t2.5\tnil\ttrue"])
    }

    @Test("tables, globals and call results cross in both directions")
    func values() throws {
        let state = try LuaState(limits: fastLimits, seed: 1)
        let config = try state.makeTable(.table(["params": .table(["fast": .integer(10), "name": .string("x")]), "list": .array([.number(1.5), .bool(true)])]))
        try state.setField(config, "extra", .string("yes"))
        try state.setGlobal("config", .nil)
        try state.load(source: """
        function install(c) config = c; return function() return c.params.fast end, 7 end
        strategy = { name = 'sma', params = { fast = { type = 'int', default = 10 } } }
        """, chunkName: "v.lua")
        let refs = try state.callReturning(state.functionRef(global: "install")!, [.integer(0)], results: 2)
        #expect(refs.count == 2)
        _ = try state.callReturning(state.functionRef(global: "install")!, [.table(["params": .table(["fast": .integer(3)])])], results: 0)
        #expect(try state.global("config") == .table(["params": .table(["fast": .integer(3)])]))
        try state.setGlobal("config", .nil)
        let install = try #require(state.functionRef(global: "install"))
        _ = try state.callReturning(install, [], results: 0)
        #expect(try state.global("strategy") == .table(["name": .string("sma"), "params": .table(["fast": .table(["type": .string("int"), "default": .integer(10)])])]))
        _ = config
        let ta = try state.tableRef(config, "params")
        try state.setHostFunction(ta, "sma", id: 1)
        #expect(throws: LuaError.self) { try state.tableRef(config, "extra") }
    }

    @Test("a ref from another state is refused")
    func foreignRef() throws {
        let first = try LuaState(limits: fastLimits, seed: 1)
        let second = try LuaState(limits: fastLimits, seed: 1)
        try first.load(source: "function f() end", chunkName: "a.lua")
        let f = try #require(first.functionRef(global: "f"))
        let error = try #require(throws: LuaError.self) { try second.call(f) }
        #expect(error.code == .invalidArgument)
    }
}
