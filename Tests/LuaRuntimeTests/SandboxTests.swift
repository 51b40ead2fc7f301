import Testing
import LuaRuntime

@Suite("Sandbox")
struct SandboxTests {
    @Test("refused globals raise a clear sandbox error", arguments: [
        "io.write('x')", "os.time()", "require('io')", "load('return 1')", "loadstring('return 1')", "dofile('x.lua')",
        "loadfile('x.lua')", "debug.getinfo(1)", "collectgarbage()", "coroutine.create(print)", "package.loaded.x = 1",
    ])
    func refusedGlobals(_ code: String) throws {
        let error = try #require(runError("function run()\n  \(code)\nend"))
        let name = String(code.prefix { $0.isLetter })
        #expect(error.code == .sandbox)
        #expect(error.message.hasPrefix("strategies/test.lua:2: \(name) is not available in the Spark sandbox"))
    }

    @Test("refused names are not in the environment at all")
    func refusedNamesAreAbsent() throws {
        let state = try LuaState(limits: fastLimits, seed: 1)
        try state.load(source: """
        found = {}
        for _, name in ipairs({ 'io', 'os', 'require', 'load', 'loadstring', 'dofile', 'loadfile', 'debug',
                                'collectgarbage', 'coroutine', 'package' }) do
          if rawget(_G, name) ~= nil then found[#found + 1] = name end
        end
        missing = undefined_global_name
        """, chunkName: "s.lua")
        #expect(try state.global("found") == .table([:]))
        #expect(try state.global("missing") == .nil)
    }

    @Test("string.dump is refused")
    func stringDump() throws {
        let error = try #require(runError("function run() return string.dump(run) end"))
        #expect(error.code == .sandbox)
        #expect(error.message.contains("string.dump is not available"))
    }

    @Test("the string metatable is locked and its __index is the sandboxed string table")
    func stringMetatable() throws {
        let state = try LuaState(limits: fastLimits, seed: 1)
        try state.load(source: """
        mt = getmetatable('')
        index = type(mt) == 'table' and mt.__index or nil
        same = ('x').rep == string.rep
        ok, err = pcall(setmetatable, _G, nil)
        """, chunkName: "s.lua")
        #expect(try state.global("mt") == .string("locked"))
        #expect(try state.global("index") == .nil)
        #expect(try state.global("same") == .bool(true))
        #expect(try state.global("ok") == .bool(false))
        let error = try #require(runError("function run() return ('x'):rep(1e9) end"))
        #expect(error.code == .sandbox)
    }

    @Test("binary chunks are refused")
    func binaryChunk() throws {
        let error = try #require(loadError("\u{1B}Lua\u{54}\u{00}garbage", chunk: "evil.lua"))
        #expect(error.code == .sandbox)
        #expect(error.message.contains("binary chunks are refused"))
    }

    @Test("__gc metamethods are refused")
    func gcRefused() throws {
        let error = try #require(runError("function run() setmetatable({}, { __gc = function() while true do end end }) end"))
        #expect(error.code == .sandbox)
        #expect(error.message.contains("__gc"))
        // __mode is fine.
        #expect(runError("function run() setmetatable({}, { __mode = 'k' }) end") == nil)
    }

    @Test("a string.rep bomb is refused with a clear error")
    func stringRepBomb() throws {
        let error = try #require(runError("function run() local s = string.rep('abc', 1e8) end"))
        #expect(error.code == .sandbox)
        #expect(error.message.contains("string.rep: the result would be 300000000 bytes"))
        #expect(runError("function run() local s = string.rep('ab', 1000, ',') end") == nil)
    }

    @Test("a catastrophic pattern is refused before the C matcher runs")
    func catastrophicPattern() throws {
        let error = try #require(runError("function run() return string.rep('a', 5000):find('.-.-.-.-b') end"))
        #expect(error.code == .sandbox)
        #expect(error.message.contains("string.find"))
        #expect(runError("function run() return string.rep('a', 100):find('a+b') end") == nil)
        #expect(runError("function run() return string.rep('a', 5000):find('.-.-b', 1, true) end") == nil)
        #expect(runError("function run() for w in ('one two three'):gmatch('%a+') do end end") == nil)
        let balanced = try #require(runError("function run() return string.rep('(', 100000):find('%b()') end"))
        #expect(balanced.code == .sandbox)
    }

    @Test("table.move over a huge range is refused")
    func tableMove() throws {
        let error = try #require(runError("function run() table.move({}, 1, 1e15, 2) end"))
        #expect(error.code == .sandbox)
    }

    @Test("math.randomseed needs an explicit seed")
    func randomseed() throws {
        let error = try #require(runError("function run() math.randomseed() end"))
        #expect(error.code == .sandbox)
        #expect(runError("function run() math.randomseed(7) end") == nil)
    }

    @Test("one state changing string and math does not affect another")
    func statesAreIsolated() throws {
        let first = try LuaState(limits: fastLimits, seed: 1)
        try first.load(source: "string.rep = nil; math.floor = function() return 42 end; string.upper = 1", chunkName: "a.lua")
        let second = try LuaState(limits: fastLimits, seed: 1)
        try second.load(source: "r = ('ab'):rep(2); f = math.floor(1.5); u = string.upper('x')", chunkName: "b.lua")
        #expect(try second.global("r") == .string("abab"))
        #expect(try second.global("f") == .integer(1))
        #expect(try second.global("u") == .string("X"))
    }

    @Test("the allowed base functions are there")
    func allowedFunctions() throws {
        let state = try LuaState(limits: fastLimits, seed: 1)
        try state.load(source: """
        names = {}
        for _, n in ipairs({ 'assert', 'error', 'ipairs', 'next', 'pairs', 'pcall', 'rawequal', 'rawget', 'rawlen',
                             'rawset', 'select', 'tonumber', 'tostring', 'type', 'setmetatable', 'getmetatable',
                             'xpcall', 'print' }) do
          names[#names + 1] = type(_G[n])
        end
        libs = { type(string.format), type(table.concat), type(math.sqrt), type(utf8.char) }
        """, chunkName: "s.lua")
        #expect(try state.global("names") == .array(Array(repeating: .string("function"), count: 18)))
        #expect(try state.global("libs") == .array(Array(repeating: .string("function"), count: 4)))
    }
}
