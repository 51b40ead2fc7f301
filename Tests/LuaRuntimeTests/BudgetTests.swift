import Foundation
import Testing
import LuaRuntime

@Suite("Budgets")
struct BudgetTests {
    let clock = ContinuousClock()

    /// Runs `source`'s `run` and expects `code` within a second (the budget is 100 ms).
    func expectTrip(_ source: String, _ code: LuaError.Code = .timeBudget, limits: LuaLimits = shortBudget) throws {
        let start = clock.now
        let error = try #require(runError(source, limits: limits))
        #expect(error.code == code, "\(error)")
        #expect(clock.now - start < .seconds(2))
    }

    @Test("an infinite loop trips the time budget with file:line")
    func infiniteLoop() throws {
        let error = try #require(runError("function run()\n  while true do end\nend", limits: shortBudget))
        #expect(error.code == .timeBudget)
        #expect(error.message.contains("time budget of 100 ms exceeded"))
        #expect(error.location == "strategies/test.lua:2")
        #expect(error.traceback?.contains("strategies/test.lua:2: in function <strategies/test.lua:1>") == true)
    }

    @Test("an infinite loop inside pcall cannot swallow the time budget")
    func loopInsidePcall() throws {
        try expectTrip("function run() while true do pcall(function() while true do end end) end end")
    }

    @Test("nested pcall loops cannot swallow the time budget")
    func nestedPcallLoops() throws {
        try expectTrip("""
        function run()
          while true do
            pcall(function()
              while true do pcall(function() while true do pcall(error) end end) end
            end)
          end
        end
        """)
    }

    @Test("an xpcall handler that loops forever is stopped")
    func xpcallHandlerLoop() throws {
        try expectTrip("function run() xpcall(function() error('x') end, function() while true do end end) end")
        try expectTrip("function run() while true do xpcall(function() while true do end end, function() while true do end end) end end")
    }

    @Test("xpcall still calls its handler for ordinary errors")
    func xpcallWorks() throws {
        let state = try LuaState(limits: fastLimits, seed: 1)
        try state.load(source: "ok, msg = xpcall(function(a) error('bad ' .. a) end, function(m) return 'handled: ' .. m end, 'x')", chunkName: "s.lua")
        #expect(try state.global("ok") == .bool(false))
        #expect(try state.global("msg") == .string("handled: s.lua:1: bad x"))
    }

    @Test("a __close handler can never run: setmetatable refuses it and <close> is refused at load, by any spelling")
    func toBeClosedRefused() throws {
        let refused = try #require(runError("function run() local t = setmetatable({}, { __close = function() while true do end end }) end"))
        #expect(refused.code == .sandbox)
        #expect(refused.message.contains("__close"))
        // Added to the metatable afterwards, __close is inert: the only way to reach it is a
        // to-be-closed variable, and every spelling of one is refused before the chunk runs.
        for declaration in ["local x <close> = t", "local x<close>=t", "local x < close > = t", "local a, x <const>, y <close> = 1, 2, t",
                            "local x <\tclose\t> = t"] {
            let error = try #require(runError("""
            function run()
              local mt = {}
              local t = setmetatable({}, mt)
              mt.__close = function() while true do end end
              pcall(function() \(declaration); error('unwind') end)
            end
            """), "\(declaration)")
            #expect(error.code == .sandbox, "\(declaration): \(error)")
            #expect(error.message.contains("strategies/test.lua:5: to-be-closed variables (<close>) are refused"), "\(error.message)")
        }
        // The word in strings, comments and other positions is fine.
        #expect(runError("""
        -- local x <close> = t
        --[==[ local y <close> = t ]==]
        local s = "<close>" .. '<close>' .. [[<close>]]
        local close = 1
        function run() local a = 2 < close; return s, a end
        """) == nil)
    }

    @Test("a memory bomb trips the memory cap")
    func memoryBomb() throws {
        let error = try #require(runError("function run()\n  local t = {}\n  for i = 1, 1e9 do t[i] = i end\nend", limits: LuaLimits(memoryLimit: 8 << 20)))
        #expect(error.code == .memory)
        #expect(error.message.contains("memory limit of 8 MB exceeded"))
        #expect(error.message.hasPrefix("strategies/test.lua:3:"))
    }

    @Test("a memory bomb inside pcall still fails the callback and poisons the state")
    func memoryBombInsidePcall() throws {
        let state = try LuaState(limits: LuaLimits(timeBudget: .seconds(5), memoryLimit: 8 << 20), seed: 1)
        try state.load(source: """
        function run()
          local ok = pcall(function() local t = {} for i = 1, 1e9 do t[i] = {} end end)
          caught = not ok
        end
        function later() end
        """, chunkName: "s.lua")
        let run = try #require(state.functionRef(global: "run"))
        let later = try #require(state.functionRef(global: "later"))
        let error = try #require(throws: LuaError.self) { try state.call(run) }
        #expect(error.code == .memory)
        #expect(error.message.hasPrefix("s.lua:2: memory limit of 8 MB exceeded"))
        #expect(state.failure?.code == .memory)
        let again = try #require(throws: LuaError.self) { try state.call(later) }
        #expect(again.code == .poisoned)
    }

    @Test("memory that is garbage is collected rather than counted against the cap")
    func garbageIsNotAnOverrun() throws {
        let error = runError("function run() for i = 1, 500 do local s = string.rep('x', 100000) .. i end end", limits: LuaLimits(timeBudget: .seconds(5), memoryLimit: 4 << 20))
        #expect(error == nil)
    }

    @Test("a poisoned state refuses later calls at once while another state keeps working")
    func poisonedState() throws {
        let bad = try LuaState(limits: shortBudget, seed: 1)
        try bad.load(source: "function run() while true do end end\nfunction ok() end", chunkName: "bad.lua")
        let good = try LuaState(limits: fastLimits, seed: 1)
        try good.load(source: "n = 0\nfunction ok() n = n + 1 end", chunkName: "good.lua")
        let run = try #require(bad.functionRef(global: "run"))
        let ok = try #require(bad.functionRef(global: "ok"))
        #expect(throws: LuaError.self) { try bad.call(run) }
        #expect(bad.failure?.code == .timeBudget)
        let start = clock.now
        let again = try #require(throws: LuaError.self) { try bad.call(ok) }
        #expect(again.code == .poisoned)
        #expect(again.message.contains("time budget"))
        #expect(clock.now - start < .milliseconds(50))
        try good.call(good.functionRef(global: "ok")!)
        #expect(try good.global("n") == .integer(1))
    }

    @Test("each call gets the full time budget again")
    func budgetPerCall() throws {
        let state = try LuaState(limits: LuaLimits(timeBudget: .milliseconds(200)), seed: 1)
        try state.load(source: "function run() local t = 0; for i = 1, 1e4 do t = t + i end end", chunkName: "s.lua")
        let run = try #require(state.functionRef(global: "run"))
        let start = clock.now
        while clock.now - start < .milliseconds(400) { try state.call(run) }
    }

    @Test("the instruction budget is deterministic")
    func instructionBudget() throws {
        let limits = LuaLimits(timeBudget: .seconds(5), instructionBudget: 100_000)
        func iterations() throws -> LuaValue {
            let state = try LuaState(limits: limits, seed: 1)
            try state.load(source: "count = 0\nfunction run() while true do count = count + 1 end end\nfunction small() for i = 1, 1000 do end end", chunkName: "s.lua")
            try state.call(state.functionRef(global: "small")!)
            try state.call(state.functionRef(global: "small")!)
            let error = try #require(throws: LuaError.self) { try state.call(state.functionRef(global: "run")!) }
            #expect(error.code == .instructionBudget)
            #expect(error.message.contains("instruction budget of 100000 instructions exceeded"))
            return try state.global("count")
        }
        let first = try iterations()
        let second = try iterations()
        #expect(first == second)
        guard case .integer(let count) = first else { Issue.record("count is \(first)"); return }
        #expect(count > 10_000 && count < 100_000)
    }

    @Test("a large instruction budget is counted in chunks and still trips")
    func largeInstructionBudget() throws {
        let limits = LuaLimits(timeBudget: .seconds(10), instructionBudget: (1 << 30) + 5)
        let state = try LuaState(limits: limits, seed: 1)
        try state.load(source: "function run() for i = 1, 10 do end end", chunkName: "s.lua")
        try state.call(state.functionRef(global: "run")!)
    }
}

/// A host whose one function runs a call of another state (as a guardrail rule is checked while a
/// strategy places an order).
final class NestingHost: LuaHost {
    let inner: LuaState
    let innerRun: LuaRef
    var innerError: LuaError?

    init(inner: LuaState, run: LuaRef) {
        self.inner = inner
        self.innerRun = run
    }

    func luaHostCall(_ id: Int32, _ args: LuaArgs, _ results: inout LuaResults) -> LuaHostStatus {
        do { try inner.call(innerRun) } catch { innerError = error }
        results.push(bool: innerError == nil)
        return .ok
    }
}

@Suite("Budgets beyond the hook", .serialized)
struct BudgetReturnTests {
    @Test("a tail call into a slow C function is an overrun when it returns past the budget")
    func tailCallOverrun() throws {
        // The per-call limit is lifted so one C call can outlive the 100 ms budget: the hook never
        // gets an instruction to stop, so only the check on return can catch it.
        let limits = LuaLimits(timeBudget: .milliseconds(100), memoryLimit: 16 << 20, cCallLimit: .seconds(60), backstop: .seconds(30))
        let state = try LuaState(limits: limits, seed: 1)
        try state.load(source: """
        local s = ("a"):rep(9000)
        function run() return string.find(s, ".-b") end
        function ok() return 1 end
        """, chunkName: "tail.lua")
        let run = try #require(state.functionRef(global: "run"))
        let ok = try #require(state.functionRef(global: "ok"))
        let error = try #require(throwing { try state.call(run) })
        #expect(error.code == .timeBudget, "\(error)")
        #expect(error.message.contains("time budget of 100 ms exceeded"), "\(error.message)")
        // An overrun poisons the state like any other.
        #expect(throwing { try state.call(ok) }?.code == .poisoned)
    }

    @Test("a pcall whose caught budget error is returned at once still fails the call")
    func pcallReturnedAtOnce() throws {
        let error = try #require(runError("function run() return pcall(function() while true do end end) end", limits: shortBudget))
        #expect(error.code == .timeBudget, "\(error)")
        #expect(error.message.contains("time budget of 100 ms exceeded"))
    }

    @Test("time spent in another state's call from a host function is not charged to the caller")
    func nestedCallIsNotCharged() throws {
        let inner = try LuaState(limits: LuaLimits(timeBudget: .milliseconds(300), memoryLimit: 16 << 20), seed: 1)
        try inner.load(source: "function run() while true do end end", chunkName: "rule.lua")
        let host = NestingHost(inner: inner, run: try #require(inner.functionRef(global: "run")))
        let outer = try LuaState(limits: LuaLimits(timeBudget: .milliseconds(100), memoryLimit: 16 << 20), seed: 1)
        outer.host = host
        let ctx = try outer.makeTable(.table([:]))
        try outer.setHostFunction(ctx, "check", id: 1)
        try outer.setGlobal("unused", .nil)
        try outer.load(source: "function run(ctx) return ctx.check() end", chunkName: "strategy.lua")
        let run = try #require(outer.functionRef(global: "run"))
        // The inner call overruns its own 300 ms budget; the outer, at 100 ms, must not trip for it.
        try outer.call(run, .ref(ctx))
        #expect(host.innerError?.code == .timeBudget)
        #expect(outer.failure == nil)
        outer.host = nil
    }

    @Test("a C call the sandbox cannot bound ends the process at the backstop instead of hanging")
    func backstopEndsTheProcess() throws {
        // Run in a child process: the backstop exits the process it fires in.
        guard ProcessInfo.processInfo.environment["SPARK_BACKSTOP_CHILD"] == nil else {
            let limits = LuaLimits(timeBudget: .milliseconds(50), memoryLimit: 64 << 20, cCallLimit: .seconds(600), backstop: .milliseconds(500))
            let state = try LuaState(limits: limits, seed: 1)
            try state.load(source: "local s = ('a'):rep(60000)\nfunction run() return s:find('.-b') end", chunkName: "stuck.lua")
            try state.call(try #require(state.functionRef(global: "run")))
            return
        }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        child.arguments = CommandLine.arguments.count > 1 && CommandLine.arguments[1].hasSuffix(".xctest") ? [CommandLine.arguments[1]] : []
        child.arguments! += ["--testing-library", "swift-testing", "--filter", "backstopEndsTheProcess"]
        var environment = ProcessInfo.processInfo.environment
        environment["SPARK_BACKSTOP_CHILD"] = "1"
        child.environment = environment
        let errors = Pipe()
        child.standardError = errors
        child.standardOutput = FileHandle.nullDevice
        let clock = ContinuousClock()
        let start = clock.now
        try child.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        child.waitUntilExit()
        #expect(child.terminationStatus == 70, "\(text)")
        #expect(text.contains("stuck.lua: a Lua call has run for"), "\(text)")
        #expect(clock.now - start < .seconds(20))
    }
}

func throwing(_ body: () throws -> Void) -> LuaError? {
    do { try body() } catch let error as LuaError { return error } catch { return nil }
    return nil
}
