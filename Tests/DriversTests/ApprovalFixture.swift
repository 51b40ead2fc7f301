import Foundation
import Approvals
@testable import Drivers

/// Throwaway keys and a paper approval for exactly what a test's paper request will run.
enum ApprovalFixture {
    /// A day before the tests' paper sessions start (2026-01-01T00:00:00Z).
    static let proposedAt = Date(timeIntervalSince1970: 1_767_225_600 - 86_400)

    /// A fresh approvals desk (policy from the repository, keys for alice the proposer and bob).
    static func desk() throws -> (workflow: ParamsWorkflow, alice: SigningKey, bob: SigningKey) {
        let root = Paths.scratch("approvals")
        let policies = root + "/policies"
        try FileManager.default.createDirectory(atPath: policies, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Paths.repo("policies/approval.yaml"), toPath: policies + "/approval.yaml")
        let workflow = ParamsWorkflow(approvalsDirectory: root + "/approvals", policiesDirectory: policies, strategiesDirectory: Paths.repo("strategies"))
        let keys = root + "/keys"
        let alice = try workflow.store.createKey(owner: "alice", roles: ["quant"], keyDirectory: keys, now: proposedAt)
        let bob = try workflow.store.createKey(owner: "bob", roles: ["quant"], keyDirectory: keys, now: proposedAt)
        return (workflow, try SigningKey.load(alice.privateKeyPath, directory: keys), try SigningKey.load(bob.privateKeyPath, directory: keys))
    }

    /// Proposes what `request` would run and has bob approve it; returns the request pointed at the desk.
    static func approved(_ request: PaperRequest, approve: Bool = true) throws -> PaperRequest {
        let (workflow, alice, bob) = try desk()
        let setup = try RunSetup.prepare(
            mode: .backtest, strategyPath: request.strategyPath, paramsPath: request.paramsPath, overrides: request.overrides,
            symbol: request.symbol, instrumentsPath: nil, limits: request.limits, seed: request.seed
        )
        let policy = try workflow.policy()
        let statement = try workflow.store.propose(
            ApprovalStore.Draft(
                target: .params, subject: setup.strategy.schema.name, environment: .paper, baseHash: "none", newHash: setup.paramsSHA256,
                strategyHash: setup.strategySHA256, file: request.paramsPath ?? "--set", reason: "test fixture", details: ""
            ),
            key: alice, policy: policy, now: proposedAt
        )
        if approve {
            _ = try workflow.store.approve(statement.proposal, key: bob, policy: policy, now: proposedAt)
        }
        var copy = request
        copy.approvalsDirectory = workflow.approvalsDirectory
        copy.policiesDirectory = workflow.policiesDirectory
        return copy
    }
}
