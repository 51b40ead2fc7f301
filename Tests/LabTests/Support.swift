import Foundation
@testable import Lab
import Synchronization

enum Paths {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    static func repo(_ relative: String) -> String { "\(root)/\(relative)" }

    static func scratch(_ name: String = "lab") -> String {
        let path = NSTemporaryDirectory() + "spark-lab-tests/\(name)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, to path: String) {
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    }
}

/// Sweep specs over the bundled sample, with absolute paths so tests do not depend on the working directory.
enum Specs {
    static func text(ranges: String = "fast: [5, 10]\n  slow: [20, 30]", extra: String = "", policy: String = "none", day: String = "2024-01-02") -> String {
        """
        name: test_sweep
        strategy: \(Paths.repo("strategies/sma_cross.lua"))
        ranges:
          \(ranges)
        data: { csv: \(Paths.repo("data/sample/BTCUSDT-1m-synthetic.csv")) }
        symbols: [BTCUSDT]
        periods:
          - { name: day, from: \(day)T00:00:00Z, to: \(day)T05:59:00Z }
        costs:
          - { name: base, fee_bps: 4, slippage_bps: 1 }
        policy: \(policy)
        instruments: \(Paths.repo("data/instruments.yaml"))
        objective: total_return
        \(extra)
        """
    }

    /// Writes a spec into a fresh scratch directory and returns its path.
    static func write(_ text: String) -> String {
        let path = Paths.scratch("spec") + "/spec.yaml"
        Paths.write(text, to: path)
        return path
    }

    /// Fixed time and nonce: two runs into one root need different nonces, as evidence is never overwritten.
    static func options(root: String, store: String?, workers: Int = 2, nonce: UInt32 = 0xABCDEF) -> SweepJob.Options {
        SweepJob.Options(workers: workers, storePath: store, evidenceRoot: root, wallClock: { 1_764_000_000_000 }, now: { 0 }, nonce: nonce)
    }
}

/// Counts calls across worker threads.
final class Counter: Sendable {
    private let value = Mutex(0)
    func increment() -> Int { value.withLock { $0 += 1; return $0 } }
    var count: Int { value.withLock { $0 } }
}
