// Whole-process figures: the release `spark` binary (built by `make bench`) end to end on generated
// bar CSVs, and backtesting.py 0.6.6's Backtest.run() on the same bars (bench/backtestingpy_sma.py).
import Foundation
#if canImport(Glibc)
import Glibc
#endif

private let sparkBinary = ".build/release/spark"
private let venvPython = ".build/bench-venv/bin/python"

/// Seconds for `executable arguments` to run to completion; stdout is kept, stderr dropped.
private func run(_ executable: String, _ arguments: [String]) throws -> (seconds: Double, status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    let clock = ContinuousClock()
    let start = clock.now
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return (seconds, process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Seconds for `executable arguments` to exit, spawned with posix_spawn, stdout and stderr on
/// /dev/null: Foundation's `Process` adds tens of milliseconds of its own to a launch here, which
/// would swamp `startup.ms`.
private func spawnTimed(_ executable: String, _ arguments: [String]) throws -> (seconds: Double, status: Int32) {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid = pid_t()
    let clock = ContinuousClock()
    let start = clock.now
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
    guard spawned == 0 else { throw BenchFailure("cannot spawn \(executable): \(String(cString: strerror(spawned)))") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    let elapsed = clock.now - start
    let exited = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, exited)
}

/// Best-of-`rounds` seconds for `spark backtest` of strategies/sma_cross.lua over `csv`; with
/// `out`, each round writes its evidence to a fresh directory under it.
private func timeSpark(_ csv: String, rounds: Int, label: String, out: String? = nil) throws -> Double {
    var best = Double.infinity
    for round in 1...rounds {
        let evidence = out.map { ["--out", "\($0)/evidence-\(round)"] } ?? []
        let result = try spawnTimed(sparkBinary, ["backtest", "--strategy", "strategies/sma_cross.lua", "--data", csv, "--symbol", "BTCUSDT", "--json"] + evidence)
        guard result.status == 0 else { throw BenchFailure("spark backtest on \(csv) exited \(result.status)") }
        note("\(label) round \(round): \(String(format: "%.1f", result.seconds * 1000)) ms")
        best = min(best, result.seconds)
    }
    return best
}

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The venv's python with backtesting 0.6.6, installing it when missing; nil (and the reason on
/// stderr) when it cannot be had.
private func backtestingPython() -> String? {
    let check = { (try? run(venvPython, ["-c", "import backtesting; assert backtesting.__version__ == '0.6.6'"]))?.status == 0 }
    if FileManager.default.isExecutableFile(atPath: venvPython), check() { return venvPython }
    note("installing backtesting==0.6.6 into .build/bench-venv")
    let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: FileManager.default.isExecutableFile) ?? "/usr/bin/env"
    let prefix = python == "/usr/bin/env" ? ["python3"] : []
    guard (try? run(python, prefix + ["-m", "venv", ".build/bench-venv"]))?.status == 0 else {
        note("skipping backtest.vs_backtestingpy.ratio.200k: cannot create a virtual environment (python3 -m venv .build/bench-venv failed)")
        return nil
    }
    let install = try? run(".build/bench-venv/bin/pip", ["install", "-q", "backtesting==0.6.6"])
    guard install?.status == 0, check() else {
        note("skipping backtest.vs_backtestingpy.ratio.200k: pip install backtesting==0.6.6 failed (no network or no package index?)")
        return nil
    }
    return venvPython
}

/// Emits `startup.ms`, `backtest.whole_process.bars_per_s.200k` and, when backtesting.py is
/// available, `backtest.vs_backtestingpy.ratio.200k` (both measured here, in the same run).
func runProcessBenchmarks(in directory: String) throws {
    guard FileManager.default.isExecutableFile(atPath: sparkBinary) else {
        note("no \(sparkBinary) (make bench builds it): skipping startup.ms and the whole-process figures")
        return
    }
    let small = "\(directory)/bars-10.csv"
    try writeBarYear(rows: 10, to: small)
    emit("startup.ms", try timeSpark(small, rounds: 7, label: "startup") * 1000, "ms")
    // The fixed cost of evidence: report.html, the chart, the inputs' copies, the index and manifest.
    emit("startup.evidence_ms", try timeSpark(small, rounds: 5, label: "startup --out", out: "\(directory)/out-10") * 1000, "ms")

    let rows = 200_000
    let large = "\(directory)/bars-200k.csv"
    try writeBarYear(rows: rows, to: large)
    let sparkRate = Double(rows) / (try timeSpark(large, rounds: 5, label: "whole process 200k"))
    emit("backtest.whole_process.bars_per_s.200k", sparkRate, "bars/s")
    // With --out every bar also writes an equity.csv row, every fill and trade a line, then the evidence.
    let outRate = Double(rows) / (try timeSpark(large, rounds: 3, label: "whole process 200k --out", out: "\(directory)/out-200k"))
    emit("backtest.whole_process_out.bars_per_s.200k", outRate, "bars/s")

    guard let python = backtestingPython() else { return }
    let peer = try run(python, ["bench/backtestingpy_sma.py", large, "3"])
    guard peer.status == 0, let data = peer.output.split(separator: "\n").last.map({ Data($0.utf8) }),
          let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let seconds = object["seconds"] as? Double
    else {
        note("skipping backtest.vs_backtestingpy.ratio.200k: bench/backtestingpy_sma.py failed (exit \(peer.status))")
        return
    }
    let peerRate = Double(rows) / seconds
    note("backtesting.py run(): \(String(format: "%.0f", peerRate)) bars/s, \(object["trades"] ?? "?") trades (best of 3)")
    emit("backtest.vs_backtestingpy.ratio.200k", sparkRate / peerRate, "ratio")
}
