import Foundation
import Drivers
import Lab

/// The lab's part of `spark demo`: the bundled smoke sweep, its evidence verified, a tampered copy refused.
public enum LabDemo {
    /// Runs from the repository root (the smoke spec's paths are relative to it); writes under `output`.
    public static func run(root: String, output: String, print: (String) -> Void, warn: @escaping (String) -> Void) throws {
        try? FileManager.default.removeItem(atPath: output)
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        print("== 6. Research lab: sweep sma_cross over 24 h of BTCUSDT minute bars (synthetic sample) on every core")
        print("   spec data/lab/smoke.yaml: 30 param sets × 2 cost scenarios, ranked by return over drawdown")
        let clock = ContinuousClock()
        let origin = clock.now
        let options = SweepJob.Options(
            workers: ProcessInfo.processInfo.activeProcessorCount, storePath: "\(output)/lab.db", evidenceRoot: output,
            wallClock: { Int64((Date().timeIntervalSince1970 * 1000).rounded()) },
            now: {
                let elapsed = clock.now - origin
                return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            },
            nonce: UInt32.random(in: 0...UInt32.max)
        )
        let result = try SweepJob.run(specPath: "\(root)/data/lab/smoke.yaml", options: options, warn: warn)
        guard let directory = result.evidenceDirectory else { throw ConfigError(.data, "the smoke sweep did not finish") }
        // A second execution is a second piece of evidence: its own id, never written over the first.
        var again = options
        again.nonce = options.nonce &+ 1
        let rerun = try SweepJob.run(specPath: "\(root)/data/lab/smoke.yaml", options: again, warn: warn)
        print("   run again: \(rerun.reused) of \(rerun.reused + rerun.ran) scenarios reused from the store, \(rerun.ran) run")
        print("")

        print("== 7. Evidence: re-check every hash and re-run the sweep from its recorded inputs; then tamper with a copy")
        let verified = try Evidence.verify(directory, workers: options.workers)
        print("   spark evidence verify \(directory) → verified: \(verified.hashed.count) files match MANIFEST.sha256, \(verified.reproduced.count) reproduced byte for byte")
        let tampered = "\(output)/tampered-copy"
        try FileManager.default.copyItem(atPath: directory, toPath: tampered)
        let board = "\(tampered)/leaderboard.csv"
        let edited = try String(contentsOfFile: board, encoding: .utf8).replacingOccurrences(of: ",BTCUSDT,", with: ",BTCUSDT ,")
        try edited.write(toFile: board, atomically: true, encoding: .utf8)
        do {
            _ = try Evidence.verify(tampered)
            throw ConfigError(.data, "evidence verify accepted a tampered leaderboard")
        } catch let error as EvidenceError {
            print("   spark evidence verify \(tampered) (leaderboard.csv edited) → refused: \(error.file): \(error.message)")
        }
        let packed = try Evidence.pack(directory)
        print("   spark evidence pack → \(packed.path) (\(packed.files) files, \(packed.bytes / 1024) KiB)")
        print("")

        print("== 8. The smoke sweep's leaderboard")
        print(SweepSummary.text(result, top: 8))
        print("")
        print("Open the report: \(directory)/report.html")
        print("Next: write your own strategy (docs/strategy-api.md), sweep it (docs/lab.md), and run `spark --help`.")
    }
}
