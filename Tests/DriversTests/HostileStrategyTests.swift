import Foundation
import Testing

/// The committed hostile strategies (Tests/LuaRuntimeTests/Hostile/strategies) run by the `spark`
/// binary: each must end within its budgets, keep the process's peak RSS under the Lua cap plus a
/// stated constant, and keep its output under a stated size.
@Suite("Hostile strategies", .serialized)
struct HostileStrategyTests {
    /// Lua cap (64 MiB) + the process itself (~60 MiB in a debug build): docs/lua-sandbox.md states
    /// the same sum. Decisions stream to files and are not kept, so --max-decisions adds nothing.
    static let rssCeilingKB = (64 + 70) * 1024
    /// 10,000 capped lines of ~1 KiB, the warnings printed once, and the summary.
    static let stderrCeiling = 10_000 * 1_200 + 64 * 1024

    struct Run {
        var status: Int32
        var stderr: String
        var stderrBytes: Int
        var peakKB: Int
        var elapsed: Duration
    }

    func run(_ strategy: String, bars: Int = 600, extra: [String] = []) throws -> Run {
        let to = 1_704_067_200_000 + Int64(bars) * 60_000 // the sample starts at 2024-01-01T00:00Z
        let session = try SparkCLI.start(
            ["backtest", "--strategy", Paths.repo("Tests/LuaRuntimeTests/Hostile/strategies/\(strategy).lua"),
             "--data", Paths.repo("data/sample/BTCUSDT-1m-synthetic.csv"), "--symbol", "BTCUSDT", "--no-policy",
             "--to", String(to), "--max-decisions", "100000"] + extra,
            in: Paths.scratch("hostile")
        )
        let clock = ContinuousClock()
        let start = clock.now
        var peak = 0
        // VmHWM only grows: the last reading before exit is the peak, short of the final 10 ms.
        while session.process.isRunning {
            if let status = try? String(contentsOfFile: "/proc/\(session.process.processIdentifier)/status", encoding: .utf8),
               let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kb = Int(line.split(separator: " ").dropFirst().first ?? "") {
                peak = max(peak, kb)
            }
            usleep(10_000)
        }
        let outcome = session.finish()
        #expect(peak > 10_000, "the RSS probe read nothing: the bound below would hold vacuously")
        let bytes = (try? FileManager.default.attributesOfItem(atPath: session.stderrPath)[.size] as? Int) ?? 0
        return Run(status: outcome.status, stderr: outcome.stderr, stderrBytes: bytes ?? 0, peakKB: peak, elapsed: clock.now - start)
    }

    @Test("8 MiB log lines, 100 a bar through ctx:log and print, leave capped lines, a count, and flat memory")
    func logFlood() throws {
        let run = try run("log_flood", bars: 300)
        #expect(run.status == 0, "\(run.stderr.suffix(500))")
        #expect(run.stderrBytes < Self.stderrCeiling, "\(run.stderrBytes) bytes of stderr")
        #expect(run.stderr.contains("more bytes cut]"))
        #expect(run.stderr.contains("strategy log lines past the cap of 10000 were dropped"))
        #expect(run.peakKB < Self.rssCeilingKB, "peak RSS \(run.peakKB) KB")
    }

    @Test("5,000 refused orders a bar print one warning per reason and keep bounded records")
    func refusalFlood() throws {
        let run = try run("refusal_flood", bars: 200)
        #expect(run.status == 0, "\(run.stderr.suffix(500))")
        #expect(run.stderr.split(separator: "\n").count < 10, "\(run.stderr.prefix(2000))")
        #expect(run.stderr.contains("more like it, not printed"))
        #expect(run.stderr.contains("order attempts far past the flood limit were refused without a record"))
        #expect(run.peakKB < Self.rssCeilingKB, "peak RSS \(run.peakKB) KB")
    }

    @Test("1 MiB tags are refused at the boundary and never copied into host records")
    func tagFlood() throws {
        let run = try run("tag_flood")
        #expect(run.status == 0, "\(run.stderr.suffix(500))")
        #expect(run.peakKB < Self.rssCeilingKB, "peak RSS \(run.peakKB) KB")
    }

    @Test("churning the most resting orders a strategy may hold ends at the decision cap with a clear error")
    func restingFlood() throws {
        let run = try run("resting_flood", bars: 8000)
        #expect(run.status == 1)
        #expect(run.stderr.contains("the run made more than 100000 order decisions"), "\(run.stderr.suffix(500))")
        #expect(run.peakKB < Self.rssCeilingKB, "peak RSS \(run.peakKB) KB")
    }

    @Test("a C call that would run for hours and an endless loop both end the run within 4× the budget")
    func hangsEndWithinTheBudget() throws {
        for (strategy, expected) in [("c_hang", "per-call limit"), ("busy_loop", "time budget of 500 ms exceeded")] {
            let run = try run(strategy)
            #expect(run.status == 1, "\(strategy)")
            #expect(run.stderr.contains(expected), "\(strategy): \(run.stderr.suffix(500))")
            // Budget 500 ms; start-up and reading the data are the rest.
            #expect(run.elapsed < .seconds(2) + .milliseconds(500) * 4, "\(strategy): \(run.elapsed)")
        }
    }
}
