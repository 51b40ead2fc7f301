import Foundation
import Testing
import Approvals
import Desk
import Drivers
import SparkConfig
import Workflow

/// A throwaway project with the repository's policies, approved for live by a `LiveDesk`.
enum LiveProject {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let now = Date()

    static func make() throws -> (Project, LiveDesk, strategy: String) {
        let root = NSTemporaryDirectory() + "spark-live-desk/\(UUID().uuidString.prefix(12))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: repo + "/policies", toPath: root + "/policies")
        try "spark: 1\nname: live-test\n".write(toFile: root + "/spark.yaml", atomically: true, encoding: .utf8)
        let project = try Project(root: root)
        let desk = try LiveDesk.create(project: project, strategiesDirectory: repo + "/strategies", keysDirectory: root + "/keys", now: now.addingTimeInterval(-3_600))
        let strategy = repo + "/strategies/sma_cross.lua"
        try desk.approveForLive(strategyPath: strategy, paramsPath: nil, symbol: "BTCUSDT", guardrailPolicy: project.policiesDirectory + "/default.yaml", now: now.addingTimeInterval(-3_600))
        return (project, desk, strategy)
    }

    static func check(_ project: Project) throws -> LaunchCheck {
        LaunchCheck(
            environment: .live, project: project, actor: "test", now: now,
            guardrailPolicy: try PolicyFile.identity(path: project.policiesDirectory + "/default.yaml"), policyHash: PolicyFile.identity
        )
    }

    static func clear(_ project: Project, strategy: String) throws -> LaunchGate.Clearance {
        let setup = try RunSetup.prepare(strategyPath: strategy, paramsPath: nil, overrides: [:], symbol: "BTCUSDT", instrumentsPath: nil, limits: .init(), seed: 1)
        return try check(project).clear(strategy: setup.strategy.schema.name, paramsHash: setup.paramsSHA256, strategyHash: setup.strategySHA256, symbol: "BTCUSDT")
    }
}

@Suite("A live desk: two risk signatures and approved policies clear the live gate")
struct LiveDeskTests {
    @Test("a strategy the desk approved for live clears the live gate, with every policy file approved")
    func clears() throws {
        let (project, _, strategy) = try LiveProject.make()
        let clearance = try LiveProject.clear(project, strategy: strategy)
        #expect(clearance.approvers.count == 2)
        #expect(clearance.policyProposals.count == (try FileManager.default.contentsOfDirectory(atPath: project.policiesDirectory).filter { $0.hasSuffix(".yaml") }.count))
    }

    @Test("an edit to a policy file after approval closes the live gate until risk approves it")
    func policyEditCloses() throws {
        let (project, desk, strategy) = try LiveProject.make()
        let approval = project.policiesDirectory + "/approval.yaml"
        try (try String(contentsOfFile: approval, encoding: .utf8) + "# edited\n").write(toFile: approval, atomically: true, encoding: .utf8)
        #expect { try LiveProject.clear(project, strategy: strategy) } throws: { "\($0)".contains("approval.yaml was edited after approval") }
        try desk.approvePolicies(now: LiveProject.now.addingTimeInterval(-60))
        _ = try LiveProject.clear(project, strategy: strategy)
    }
}
