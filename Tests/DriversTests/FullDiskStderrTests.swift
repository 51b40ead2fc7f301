import Foundation
import Testing

/// A session's output goes to a log file under the project's state directory; when that disk is
/// full, every message spark writes fails. Foundation's `FileHandle.write(_:)` traps on that
/// (SIGILL, found by the chaos canary's full-disk fault); spark's messages must not.
@Suite struct FullDiskStderrTests {
    @Test func aBacktestWhoseStandardErrorIsAFullDiskFinishesAndWritesItsEvidence() throws {
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"), "/dev/full answers every write with ENOSPC")
        let out = NSTemporaryDirectory() + "spark-full-stderr-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: SparkCLI.binary)
        process.arguments = [
            "backtest", "--strategy", Paths.repo("strategies/sma_cross.lua"), "--data", Paths.repo("data/sample/BTCUSDT-1m-synthetic.csv"),
            "--symbol", "BTCUSDT", "--out", out,
        ]
        process.currentDirectoryURL = URL(fileURLWithPath: Paths.repo(""))
        process.standardOutput = FileHandle.nullDevice
        process.standardError = full
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, "died of signal \(process.terminationStatus)")
        #expect(process.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: out + "/MANIFEST.sha256"))
    }
}
