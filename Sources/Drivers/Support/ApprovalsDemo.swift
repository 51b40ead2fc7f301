import Foundation
import Approvals
import Audit
import SparkConfig

/// The approvals walk-through of `spark demo`, on a throwaway project in a temporary directory.
struct ApprovalsDemo {
    let project: Project
    let workflow: ParamsWorkflow
    let alice: SigningKey
    let bob: SigningKey
    let now: Date

    /// The demo's paper sessions start at `now`, the time approvals are checked against.
    var wallTime: String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: now)
    }

    init(root: String, output: String, print: (String) -> Void) throws {
        let desk = NSTemporaryDirectory() + "spark-demo-project-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: desk, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(root)/policies", toPath: "\(desk)/policies")
        try Data("spark: \(ProjectSettings.formatVersion)\nname: demo\n".utf8).write(to: URL(fileURLWithPath: "\(desk)/\(Project.fileName)"))
        let project = try Project(root: desk)
        let workflow = ParamsWorkflow(approvalsDirectory: project.approvalsDirectory, policiesDirectory: project.policiesDirectory, strategiesDirectory: "\(root)/strategies")
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        self.project = project
        self.workflow = workflow
        self.now = now
        let keys = "\(desk)/keys"
        let made = try [("alice", "quant"), ("bob", "quant")].map { name, role in
            try workflow.store.createKey(owner: name, roles: [role], keyDirectory: keys, now: now)
        }
        alice = try SigningKey.load(made[0].privateKeyPath, directory: keys)
        bob = try SigningKey.load(made[1].privateKeyPath, directory: keys)
        print("   throwaway project \(project.root) (spark.yaml, the repository's policies): keys for alice [quant] and bob [quant] (private keys mode 0600)")
    }

    /// Alice proposes the param set for paper, with a backtest as evidence.
    func propose(params: String, sample: String, instruments: String, print: (String) -> Void, warn: @escaping (String) -> Void) throws -> String {
        let statement = try workflow.propose(
            file: params, environment: .paper, reason: "demo: run the default SMA cross in paper", key: alice,
            evidence: ParamsWorkflow.EvidenceData(csvPath: sample, symbol: "BTCUSDT", instrumentsPath: instruments),
            journalsDirectory: "", now: now, log: warn
        )
        print("   alice proposed \(statement.proposal): params \(statement.newHash.prefix(12)), strategy \(statement.strategyHash.prefix(12))")
        return statement.proposal
    }

    func approve(_ proposal: String, print: (String) -> Void) throws {
        _ = try workflow.store.approve(proposal, key: bob, policy: try workflow.policy(), now: now)
        print("   bob approved \(proposal)")
    }

    /// Edits a copy of the approved param set (size doubled) and shows the gate refusing it.
    func editInvalidates(paper: PaperRequest, params: String, print: (String) -> Void) throws {
        let edited = (paper.journalPath as NSString).deletingLastPathComponent + "/edited-params.yaml"
        let text = try String(contentsOfFile: params, encoding: .utf8).replacingOccurrences(of: "size: 0.05", with: "size: 0.1")
        try text.write(toFile: edited, atomically: true, encoding: .utf8)
        do {
            _ = try RunSetup.prepare(
                mode: .gated(LaunchCheck(environment: .paper, project: project, actor: "demo", now: now)),
                strategyPath: paper.strategyPath, paramsPath: edited, overrides: [:], symbol: paper.symbol,
                instrumentsPath: paper.instrumentsPath, limits: paper.limits, seed: paper.seed
            )
            throw ConfigError(.flag, "the launch gate let edited params through")
        } catch let error as ApprovalError {
            print("   paper with \(edited) (size edited 0.05 → 0.1) → \(error.message)")
        }
        let entries = try AuditLog(path: workflow.store.auditLog.path).verify()
        var kinds: [String: Int] = [:]
        for entry in entries { kinds[entry.kind, default: 0] += 1 }
        let summary = kinds.keys.sorted().map { "\($0) ×\(kinds[$0]!)" }.joined(separator: ", ")
        print("   audit log: \(entries.count) entries (\(summary)), chain intact")
    }
}
