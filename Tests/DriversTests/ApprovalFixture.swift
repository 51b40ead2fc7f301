import Foundation
import Approvals
@testable import Drivers

/// Throwaway keys and a paper approval for exactly what a test's paper request will run.
enum ApprovalFixture {
    /// A day before the tests' paper sessions start (2026-01-01T00:00:00Z).
    static let proposedAt = Date(timeIntervalSince1970: 1_767_225_600 - 86_400)

    /// An approvals desk (policy from the repository, keys for alice the proposer and bob): fresh, or
    /// the one already at `root` (sessions sharing a state directory share one project's approvals).
    static func desk(root: String = Paths.scratch("approvals"), state: String? = nil) throws -> (workflow: ParamsWorkflow, alice: SigningKey, bob: SigningKey) {
        let policies = root + "/policies"
        let workflow = ParamsWorkflow(approvalsDirectory: root + "/approvals", policiesDirectory: policies, strategiesDirectory: Paths.repo("strategies"), stateDirectory: state ?? root + "/state")
        let keys = root + "/keys"
        if FileManager.default.fileExists(atPath: keys) {
            return (workflow, try SigningKey.load("alice", directory: keys), try SigningKey.load("bob", directory: keys))
        }
        try FileManager.default.createDirectory(atPath: policies, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Paths.repo("policies/approval.yaml"), toPath: policies + "/approval.yaml")
        let alice = try workflow.store.createKey(owner: "alice", roles: ["quant"], keyDirectory: keys, now: proposedAt)
        let bob = try workflow.store.createKey(owner: "bob", roles: ["quant"], keyDirectory: keys, now: proposedAt)
        return (workflow, try SigningKey.load(alice.privateKeyPath, directory: keys), try SigningKey.load(bob.privateKeyPath, directory: keys))
    }

    /// Proposes what `request` would run and has bob approve it; returns the request pointed at the desk.
    static func approved(_ request: PaperRequest, approve: Bool = true) throws -> PaperRequest {
        var copy = request
        // The default state/ is the repository's: a test session gets its own.
        if copy.stateDirectory == "state" { copy.stateDirectory = Paths.scratch("state") }
        let (workflow, alice, bob) = try desk(root: copy.stateDirectory + "-desk", state: copy.stateDirectory)
        let setup = try RunSetup.prepare(
            mode: .backtest, strategyPath: request.strategyPath, paramsPath: request.paramsPath, overrides: request.overrides,
            symbol: request.symbol, instrumentsPath: nil, limits: request.limits, seed: request.seed
        )
        let policy = try workflow.policy()
        let base = try workflow.currentApproved(subject: setup.strategy.schema.name, environment: .paper, policy: policy, now: proposedAt)?.hash ?? "none"
        let statement = try workflow.store.propose(
            ApprovalStore.Draft(
                target: .params, subject: setup.strategy.schema.name, environment: .paper, baseHash: base, newHash: setup.paramsSHA256,
                strategyHash: setup.strategySHA256, symbols: [request.symbol], file: request.paramsPath ?? "--set", reason: "test fixture", details: ""
            ),
            key: alice, policy: policy, now: proposedAt
        )
        if approve {
            _ = try workflow.store.approve(statement.proposal, key: bob, policy: policy, now: proposedAt)
        }
        copy.approvalsDirectory = workflow.approvalsDirectory
        copy.policiesDirectory = workflow.policiesDirectory
        return copy
    }
}
