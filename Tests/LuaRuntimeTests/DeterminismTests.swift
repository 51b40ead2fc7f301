import Testing
import LuaRuntime

@Suite("Determinism")
struct DeterminismTests {
    func sequence(seed: UInt64) throws -> LuaValue {
        let state = try LuaState(limits: fastLimits, seed: seed)
        try state.load(source: "r = {} for i = 1, 8 do r[i] = math.random(1, 1000000) end r[9] = math.random()", chunkName: "m.lua")
        return try state.global("r")
    }

    @Test("math.random repeats for the same seed and differs for another")
    func random() throws {
        let first = try sequence(seed: 42)
        #expect(try sequence(seed: 42) == first)
        #expect(try sequence(seed: 43) != first)
    }
}
