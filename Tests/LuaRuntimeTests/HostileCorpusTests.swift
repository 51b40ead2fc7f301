import Foundation
import Testing
import LuaRuntime

/// The committed hostile corpus (Hostile/c_calls.lua): the slowest C call the sandbox allows, under
/// the strategy and the rule budgets. The bound is a quarter of the budget (`make bench` reports the
/// measured fraction); these tests allow 4× headroom over it, so they check the bound, not a speed.
@Suite("Hostile C calls", .serialized)
struct HostileCorpusTests {
    static let corpusPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Hostile/c_calls.lua").path

    func findings(_ limits: LuaLimits, maxSize: Int) throws -> [SandboxProbe.Finding] {
        let corpus = try String(contentsOfFile: Self.corpusPath, encoding: .utf8)
        return try SandboxProbe.run(corpus: corpus, chunkName: "Hostile/c_calls.lua", limits: limits, maxSize: maxSize) { name, size in
            if ProcessInfo.processInfo.environment["SPARK_PROBE_TRACE"] != nil { FileHandle.standardError.write(Data("probe \(size) \(name)\n".utf8)) }
        }
    }

    @Test("no C call in the corpus outlives a strategy's 500 ms budget at the largest size the sandbox allows")
    func strategyBudget() throws {
        let limits = LuaLimits()
        for finding in try findings(limits, maxSize: 16 << 20) {
            print(String(format: "%-90@ n=%9d %8.2f ms  %.3f  %@", finding.name, finding.size, Double(finding.elapsed.components.attoseconds) / 1e15 + Double(finding.elapsed.components.seconds) * 1e3, finding.budgetFraction, finding.outcome))
            #expect(finding.elapsed < limits.timeBudget, "\(finding.name): \(finding.elapsed) at n = \(finding.size)")
        }
    }

    @Test("no C call in the corpus outlives a guardrail rule's 50 ms budget at the largest size the sandbox allows")
    func ruleBudget() throws {
        let limits = LuaLimits(timeBudget: .milliseconds(50), memoryLimit: 16 << 20)
        for finding in try findings(limits, maxSize: 4 << 20) {
            print(String(format: "%-90@ n=%9d %8.2f ms  %.3f  %@", finding.name, finding.size, Double(finding.elapsed.components.attoseconds) / 1e15 + Double(finding.elapsed.components.seconds) * 1e3, finding.budgetFraction, finding.outcome))
            #expect(finding.elapsed < limits.timeBudget, "\(finding.name): \(finding.elapsed) at n = \(finding.size)")
        }
    }
}

@Suite("Hostile memory", .serialized)
struct HostileMemoryTests {
    @Test("a full emergency collection of a heap of small tables at the memory cap ends within the budget")
    func emergencyCollection() throws {
        // The collector is C with no hook: a heap at the cap, then an allocation that cannot fit, makes
        // Lua run a full collection before it gives up.
        let limits = LuaLimits(timeBudget: .milliseconds(500))
        let state = try LuaState(limits: limits, seed: 1)
        try state.load(source: """
        keep = {}
        function fill() for i = 1, 1e7 do keep[i] = { i } end end
        function burst() return ("x"):rep(16 << 20) end
        """, chunkName: "gc.lua")
        let fill = try #require(state.functionRef(global: "fill"))
        let burst = try #require(state.functionRef(global: "burst"))
        let clock = ContinuousClock()
        var start = clock.now
        #expect(throws: LuaError.self) { try state.call(fill) }
        #expect(clock.now - start < .seconds(2))
        start = clock.now
        #expect(throws: LuaError.self) { try state.call(burst) }
        #expect(clock.now - start < limits.timeBudget)
    }
}
