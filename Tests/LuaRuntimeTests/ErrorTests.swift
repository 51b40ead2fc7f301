import Testing
import LuaRuntime

@Suite("Lua errors")
struct ErrorTests {
    @Test("a syntax error names the chunk and line")
    func syntaxError() throws {
        let error = try #require(loadError("local x = 1\nif then\nend", chunk: "strategies/broken.lua"))
        #expect(error.code == .syntax)
        #expect(error.chunk == "strategies/broken.lua")
        #expect(error.line == 2)
        #expect(error.message.hasPrefix("strategies/broken.lua:2:"))
        #expect(error.description.contains("hint:"))
    }

    @Test("a runtime error carries file:line and a traceback through the calls that led there")
    func runtimeError() throws {
        let source = """
        local function helper()
          return foo()
        end
        function run()
          helper()
        end
        """
        let error = try #require(runError(source, chunk: "strategies/x.lua"))
        #expect(error.code == .runtime)
        #expect(error.message == "strategies/x.lua:2: attempt to call a nil value (global 'foo')")
        #expect(error.location == "strategies/x.lua:2")
        let traceback = try #require(error.traceback)
        #expect(traceback.hasPrefix("stack traceback:"))
        #expect(traceback.contains("strategies/x.lua:2: in upvalue 'helper'"))
        #expect(traceback.contains("strategies/x.lua:5: in function <strategies/x.lua:4>"))
        #expect(!traceback.contains("[C]: in ?"))
        #expect(error.description.hasPrefix("strategies/x.lua:2: attempt to call a nil value (global 'foo')\nstack traceback:"))
    }

    @Test("error() with a table value still gives a readable message")
    func nonStringError() throws {
        let error = try #require(runError("function run() error({}) end"))
        #expect(error.code == .runtime)
        #expect(error.message.contains("error object is a table value"))
    }

    @Test("a chunk name given with '=' is used as is")
    func chunkNameWithEquals() throws {
        let error = try #require(runError("function run() error('boom') end", chunk: "=prelude"))
        #expect(error.message == "prelude:1: boom")
    }

    @Test("a runtime error does not poison the state")
    func runtimeErrorIsNotSticky() throws {
        let state = try LuaState(limits: fastLimits, seed: 1)
        try state.load(source: "n = 0\nfunction run() n = n + 1; if n == 1 then error('first') end end", chunkName: "s.lua")
        let run = try #require(state.functionRef(global: "run"))
        #expect(throws: LuaError.self) { try state.call(run) }
        try state.call(run)
        #expect(state.failure == nil)
        #expect(try state.global("n") == .integer(2))
    }
}
