import Foundation
import Approvals
@testable import Drivers
@testable import Workflow

/// Throwaway keys and a paper approval for exactly what a test's paper request will run.
enum ApprovalFixture {
    /// A day before the tests' paper sessions start (2026-01-01T00:00:00Z).
    static let proposedAt = Date(timeIntervalSince1970: 1_767_225_600 - 86_400)

    /// Keys for alice the proposer and bob in `project` (a fresh one by default), private keys beside it.
    static func desk(in project: Project? = nil) throws -> (workflow: ParamsWorkflow, alice: SigningKey, bob: SigningKey) {
        let project = try project ?? TestProject.make()
        let workflow = ParamsWorkflow(
            approvalsDirectory: project.approvalsDirectory, policiesDirectory: project.policiesDirectory, strategiesDirectory: Paths.repo("strategies"),
            stateDirectory: project.stateDirectory
        )
        let keys = Paths.scratch("keys")
        let alice = try workflow.store.createKey(owner: "alice", roles: ["quant"], keyDirectory: keys, now: proposedAt)
        let bob = try workflow.store.createKey(owner: "bob", roles: ["quant"], keyDirectory: keys, now: proposedAt)
        return (workflow, try SigningKey.load(alice.privateKeyPath, directory: keys), try SigningKey.load(bob.privateKeyPath, directory: keys))
    }

    /// Proposes what `request` would run in its project (over what is in force there) and has bob approve it.
    static func approved(_ request: PaperRequest, approve: Bool = true, at time: Date = proposedAt) throws -> PaperRequest {
        let (workflow, alice, bob) = try desk(in: request.project)
        let setup = try RunSetup.prepare(
            strategyPath: request.strategyPath, paramsPath: request.paramsPath, overrides: request.overrides,
            symbol: request.symbol, instrumentsPath: nil, limits: request.limits, seed: request.seed
        )
        let policy = try workflow.policy()
        let base = try workflow.currentApproved(subject: setup.strategy.schema.name, environment: .paper, policy: policy, now: time)?.hash ?? "none"
        let statement = try workflow.store.propose(
            ApprovalStore.Draft(
                target: .params, subject: setup.strategy.schema.name, environment: .paper, baseHash: base, newHash: setup.paramsSHA256,
                strategyHash: setup.strategySHA256, symbols: [request.symbol], file: request.paramsPath ?? "--set", reason: "test fixture", details: ""
            ),
            key: alice, policy: policy, now: time
        )
        if approve {
            _ = try workflow.store.approve(statement.proposal, key: bob, policy: policy, now: time)
        }
        return request
    }
}
