import Foundation
import Synchronization
import Testing
@testable import Drivers

/// A backtest's guardrail verdicts cannot depend on how busy the machine is: Lua rules run under an
/// instruction budget there, so an overrun falls on the same check in every run.
@Suite("Guarded determinism", .serialized)
struct GuardedDeterminismTests {
    /// A rule whose every check costs more than the last: it overruns part-way through the run.
    static let rule = """
    local checks = 0
    function check(order, ctx)
      checks = checks + 1
      local n = 0
      for i = 1, checks * 150000 do n = n + i end
      return true
    end
    """

    func run(into directory: String) throws -> BacktestReport {
        let desk = Paths.scratch("guarded-desk")
        try FileManager.default.createDirectory(atPath: desk + "/rules", withIntermediateDirectories: true)
        try Self.rule.write(toFile: desk + "/rules/growing.lua", atomically: true, encoding: .utf8)
        try """
        policy: growing
        applies_to: { strategies: ["*"], modes: [backtest] }
        rules:
          - id: growing
            lua: { file: rules/growing.lua }
        """.write(toFile: desk + "/policy.yaml", atomically: true, encoding: .utf8)
        var request = BacktestRequest(strategyPath: Paths.repo("strategies/sma_cross.lua"), data: .csv(path: Paths.fixture("sma_reference_bars.csv")), symbol: "REF")
        request.overrides = ["fast": .int(5), "slow": .int(12), "size": .number(1)]
        request.cash = 1_000_000
        request.policyPath = desk + "/policy.yaml"
        request.outDirectory = directory
        return try Backtest.run(request, warn: { _ in })
    }

    @Test("one backtest run twice, the second under CPU load, gives the same verdicts and files byte for byte")
    func sameUnderLoad() throws {
        let quiet = Paths.scratch("quiet")
        let first = try run(into: quiet)
        #expect(first.rejectionsByRule["growing"] ?? 0 > 0, "the rule must overrun somewhere in the run")
        #expect(first.ordersSubmitted > 0, "and allow orders before it does")

        // A busy thread per core slows every check without changing a single instruction count.
        // Threads, not processes: they end with this process whatever happens to the test.
        let stop = Atomic<Bool>(false)
        let burners = (0..<2).map { _ in
            let thread = Thread { var spin = 0; while !stop.load(ordering: .relaxed) { spin &+= 1 } }
            thread.start()
            return thread
        }
        defer { stop.store(true, ordering: .relaxed); _ = burners }
        let loaded = Paths.scratch("loaded")
        let second = try run(into: loaded)
        #expect(second.runID == first.runID)
        for file in ["report.json", "decisions.jsonl", "trades.csv", "equity.csv"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(quiet)/\(file)"))
            let b = try Data(contentsOf: URL(fileURLWithPath: "\(loaded)/\(file)"))
            #expect(a == b, "\(file) differs between a quiet and a loaded run")
        }
    }
}
