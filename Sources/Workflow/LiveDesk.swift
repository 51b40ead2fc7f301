public import Foundation
public import Approvals
import Desk
import Drivers

/// A desk whose keys can approve a strategy for live, end to end: a quant who proposes, two risk
/// officers who approve params (live quorum) and policy files.
///
/// `spark demo` and the live tests use it on throwaway projects; on a real desk each step is a
/// person running `spark params propose|approve|promote` and `spark policy propose`. It signs with
/// the keys it was given, through the same store calls as those commands, so the gate it satisfies
/// is the real one.
public struct LiveDesk {
    public let workflow: ParamsWorkflow
    public let quant: SigningKey
    public let risk: [SigningKey]

    /// Makes keys `quant` (role quant) and `rita`, `ravi` (role risk) in `project`'s keys.yaml, their
    /// private keys under `keysDirectory`.
    public static func create(project: Project, strategiesDirectory: String, keysDirectory: String, now: Date) throws -> LiveDesk {
        let workflow = ParamsWorkflow(
            approvalsDirectory: project.approvalsDirectory, policiesDirectory: project.policiesDirectory, strategiesDirectory: strategiesDirectory,
            stateDirectory: project.stateDirectory
        )
        let made = try [("quinn", "quant"), ("rita", "risk"), ("ravi", "risk")].map { owner, role in
            try workflow.store.createKey(owner: owner, roles: [role], keyDirectory: keysDirectory, now: now)
        }
        let keys = try made.map { try SigningKey.load($0.privateKeyPath, directory: keysDirectory) }
        return LiveDesk(workflow: workflow, quant: keys[0], risk: Array(keys[1...]))
    }

    /// SHA-256 of each risk key's public key: what a live credentials file pins.
    public var riskFingerprints: [String] {
        get throws { try workflow.store.trusted().keys.keys.filter { $0.roles.contains("risk") }.map { CanonicalJSON.sha256Hex($0.publicKey) } }
    }

    /// Approves exactly what a run of `strategyPath` with `paramsPath` on `symbol` under `guardrailPolicy`
    /// is: for paper (one risk signature), for live (both), and every policy file in force (risk).
    /// Returns the live proposal's id.
    @discardableResult
    public func approveForLive(strategyPath: String, paramsPath: String?, symbol: String, guardrailPolicy: String, now: Date) throws -> String {
        let setup = try RunSetup.prepare(
            strategyPath: strategyPath, paramsPath: paramsPath, overrides: [:], symbol: symbol, instrumentsPath: nil, limits: .init(), seed: 1
        )
        let policy = try workflow.policy()
        let name = setup.strategy.schema.name
        var proposal = ""
        for environment in [DeploymentEnvironment.paper, .live] {
            let base = try workflow.currentApproved(subject: name, environment: environment, policy: policy, now: now)?.hash ?? "none"
            let statement = try workflow.store.propose(
                ApprovalStore.Draft(
                    target: .params, subject: name, environment: environment, baseHash: base, newHash: setup.paramsSHA256, strategyHash: setup.strategySHA256,
                    symbols: [symbol], guardrailPolicy: environment == .live ? try PolicyFile.identity(path: guardrailPolicy) : "",
                    file: paramsPath ?? "(defaults)", reason: "live desk: \(name) on \(symbol)", details: ""
                ),
                key: quant, policy: policy, now: now
            )
            for key in risk { _ = try workflow.store.approve(statement.proposal, key: key, policy: policy, now: now) }
            proposal = statement.proposal
        }
        try approvePolicies(now: now)
        return proposal
    }

    /// Proposes every policy file whose current bytes are not the newest approved version, and has the
    /// first risk officer approve each (`approve: false` leaves them pending). Returns the proposal ids.
    @discardableResult
    public func approvePolicies(approve: Bool = true, now: Date) throws -> [String] {
        let directory = workflow.policiesDirectory
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }.sorted()
        let policy = try workflow.policy()
        let (keys, record) = try workflow.store.trusted()
        let reviews = workflow.store.reviews(policy: policy, keys: keys, record: record, now: now)
        var proposals: [String] = []
        for file in files {
            let path = "\(directory)/\(file)"
            let hash = try PolicyFile.identity(path: path)
            let latest = reviews.filter { $0.wasApproved && $0.statement?.target == .policy && $0.statement?.subject == file }.max { $0.proposal.sequence < $1.proposal.sequence }
            guard latest?.statement?.newHash != hash else { continue }
            let statement = try workflow.proposePolicy(file: path, reason: "live desk: \(file) as it stands", key: risk[1], now: now, policyHash: PolicyFile.identity)
            if approve { _ = try workflow.store.approve(statement.proposal, key: risk[0], policy: policy, now: now) }
            proposals.append(statement.proposal)
        }
        return proposals
    }
}
