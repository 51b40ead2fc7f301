import Foundation
import Approvals
import Audit
import SparkConfig
import Desk
import Drivers
import Workflow

/// The approvals walk-through of `spark demo`, on a throwaway project in a temporary directory.
struct ApprovalsDemo {
    let project: Project
    let workflow: ParamsWorkflow
    let alice: SigningKey
    let bob: SigningKey
    let now: Date

    /// The demo's paper sessions start at `now`, the time approvals are checked against.
    var wallTime: String { ApprovalTime.format(now) }

    init(root: String, output: String, print: (String) -> Void) throws {
        let desk = NSTemporaryDirectory() + "spark-demo-project-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: desk, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(root)/policies", toPath: "\(desk)/policies")
        try Data("spark: \(ProjectSettings.formatVersion)\nname: demo\n".utf8).write(to: URL(fileURLWithPath: "\(desk)/\(Project.fileName)"))
        let project = try Project(root: desk)
        let workflow = ParamsWorkflow(
            approvalsDirectory: project.approvalsDirectory, policiesDirectory: project.policiesDirectory, strategiesDirectory: "\(root)/strategies",
            stateDirectory: project.stateDirectory
        )
        let now = Date()
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
            file: params, environment: .paper, symbols: ["BTCUSDT"], reason: "demo: run the default SMA cross in paper", key: alice,
            evidence: ParamsWorkflow.EvidenceData(csvPath: sample, symbol: "BTCUSDT", instrumentsPath: instruments),
            now: now, log: warn
        )
        print("   alice proposed \(statement.proposal): params \(statement.newHash.prefix(12)), strategy \(statement.strategyHash.prefix(12))")
        return statement.proposal
    }

    /// Mallory adds a key of small order to keys.yaml by hand and writes an "approval" that needs no
    /// private key; keys.yaml is refused at that key's line, so nothing is approved, and the file is restored.
    func forgedApprovalRefused(_ proposal: String, paper: PaperRequest, print: (String) -> Void) throws {
        let keysPath = workflow.store.keysPath
        let original = try String(contentsOfFile: keysPath, encoding: .utf8)
        var identity = [UInt8](repeating: 0, count: 32)
        identity[0] = 1
        let forgedKey = Data(identity)
        let id = KeyRecord.id(for: forgedKey)
        try (original + "  - id: \(id)\n    owner: mallory\n    roles: [risk]\n    public_key: \(forgedKey.base64EncodedString())\n    created: \(ApprovalTime.format(now))\n")
            .write(toFile: keysPath, atomically: true, encoding: .utf8)
        defer { try? original.write(toFile: keysPath, atomically: true, encoding: .utf8) }
        let stored = try workflow.store.proposal(proposal)
        guard let statement = stored.proposerEnvelope.flatMap({ Statement.decode($0.payload) }) else { return }
        // R = the identity point, S = 0: "verifies" for a small-order key whatever the message.
        let forged = Envelope(payloadType: Envelope.statementType, payload: statement.asApproval.canonical, signatures: [Envelope.Signature(keyID: id, signature: Data(identity + [UInt8](repeating: 0, count: 32)))])
        let signatures = "\(stored.directory)/signatures"
        try FileManager.default.createDirectory(atPath: signatures, withIntermediateDirectories: true)
        try forged.json.write(toFile: "\(signatures)/\(id).dsse.json", atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: "\(signatures)/\(id).dsse.json") }
        do {
            _ = try RunSetup.prepare(
                gate: check(paper), strategyPath: paper.strategyPath, paramsPath: paper.paramsPath, overrides: [:], symbol: paper.symbol,
                instrumentsPath: paper.instrumentsPath, limits: paper.limits, seed: paper.seed
            )
            throw ConfigError(.flag, "the launch gate let a forged approval through")
        } catch let error as ApprovalError {
            print("   mallory hand-adds a small-order key and a forged approval → \(error.description.split(separator: "\n").first ?? "")")
        }
    }

    func check(_ paper: PaperRequest) throws -> LaunchCheck {
        LaunchCheck(environment: .paper, project: project, actor: "demo", now: now, guardrailPolicy: try PolicyFile.identity(path: paper.projectPolicyPath()))
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
                gate: check(paper),
                strategyPath: paper.strategyPath, paramsPath: edited, overrides: [:], symbol: paper.symbol,
                instrumentsPath: paper.instrumentsPath, limits: paper.limits, seed: paper.seed
            )
            throw ConfigError(.flag, "the launch gate let edited params through")
        } catch let error as ApprovalError {
            print("   paper with \(edited) (size edited 0.05 → 0.1) → \(error.message)")
        }
        for log in [workflow.store.logs.tracked, workflow.store.logs.runtime] {
            let entries = try log.verify()
            var kinds: [String: Int] = [:]
            for entry in entries { kinds[entry.kind, default: 0] += 1 }
            let summary = kinds.keys.sorted().map { "\($0) ×\(kinds[$0]!)" }.joined(separator: ", ")
            print("   \((log.path as NSString).lastPathComponent): \(entries.count) entries (\(summary)), chain intact")
        }
    }
}
