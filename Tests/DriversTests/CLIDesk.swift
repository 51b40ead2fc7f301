import Foundation
import Testing
import Approvals
@testable import Drivers

/// A temporary project driven only through the `spark` binary: keys for alice and bob (quant) and
/// carol (risk), sma_cross param sets, a 60-bar feed, and a clock set per command with `SPARK_NOW`
/// (honoured by debug builds), so no test depends on when it runs.
struct CLIDesk {
    /// Every command runs at `start` plus the offset it is given.
    static let start = ApprovalTime.parse("2026-03-01T00:00:00.000Z")!

    let project: Project
    let keys: String
    let feed: String
    let strategy = Paths.repo("strategies/sma_cross.lua")

    init(_ name: String = "attack") throws {
        project = try TestProject.make(name)
        keys = Paths.scratch("keys")
        let bars = try String(contentsOfFile: Paths.fixture("sma_reference_bars.csv"), encoding: .utf8).split(separator: "\n").prefix(61)
        feed = Paths.write(bars.joined(separator: "\n") + "\n", named: "feed.csv")
        for (name, role) in [("alice", "quant"), ("bob", "quant"), ("carol", "risk")] {
            try spark(["keys", "new", "--name", name, "--role", role]).expectSuccess()
        }
    }

    /// A copy of this desk in another directory: another clone of the same repository, with its own state.
    func clone(_ name: String) throws -> CLIDesk {
        let root = Paths.scratch(name)
        try FileManager.default.removeItem(atPath: root)
        try FileManager.default.copyItem(atPath: project.root, toPath: root)
        try? FileManager.default.removeItem(atPath: root + "/state")
        return try clone(at: root)
    }

    /// This desk's keys and feed, for the project at `root` (a clone made some other way, e.g. by git).
    func clone(at root: String) throws -> CLIDesk {
        CLIDesk(project: try Project(root: root), keys: keys, feed: feed)
    }

    private init(project: Project, keys: String, feed: String) {
        self.project = project
        self.keys = keys
        self.feed = feed
    }

    /// `start` plus `seconds`, as SPARK_NOW reads it.
    static func time(_ seconds: Double) -> String { ApprovalTime.format(start.addingTimeInterval(seconds)) }

    @discardableResult
    func spark(_ arguments: [String], at seconds: Double = 0) throws -> SparkCLI.Outcome {
        try SparkCLI.run(arguments, in: project.root, environment: ["SPARK_KEY_DIR": keys, "SPARK_NOW": Self.time(seconds)])
    }

    /// Writes `params/sma_cross/fast<fast>.yaml` and returns its path.
    func params(fast: Int) throws -> String {
        let directory = project.root + "/params/sma_cross"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/fast\(fast).yaml"
        try "strategy: sma_cross\nvalues: { fast: \(fast), slow: 30, size: 1 }\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func propose(_ file: String, env: String = "paper", scope: [String] = ["--symbols", "REF"], by key: String = "alice", at seconds: Double = 0) throws -> SparkCLI.Outcome {
        try spark(["params", "propose", file, "--env", env, "--reason", "test", "--key", key, "--strategy", strategy, "--no-evidence"] + scope, at: seconds)
    }

    func approve(_ id: String, by key: String = "bob", at seconds: Double = 0) throws -> SparkCLI.Outcome {
        try spark(["params", "approve", id, "--key", key], at: seconds)
    }

    /// A paper session of `file` on the short feed at full speed.
    func paper(_ file: String, symbol: String = "REF", at seconds: Double = 0) throws -> SparkCLI.Outcome {
        try spark(["paper", "--strategy", strategy, "--params", file, "--feed", feed, "--symbol", symbol, "--speed", "max", "--journal", Paths.scratch("journal") + "/s.jsonl"], at: seconds)
    }

    /// Proposes `fast` for paper and has bob approve it; returns the param file.
    func approved(fast: Int, id: String, at seconds: Double = 0) throws -> String {
        let file = try params(fast: fast)
        try propose(file, at: seconds).expectSuccess()
        try approve(id, at: seconds).expectSuccess()
        return file
    }

    var auditLog: String { project.approvalsDirectory + "/audit.log" }
    var keysPath: String { project.approvalsDirectory + "/keys.yaml" }
}
