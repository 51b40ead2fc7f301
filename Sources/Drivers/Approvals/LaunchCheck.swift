public import Approvals
public import Foundation

/// What the launch gate needs from a paper or live start: the environment, where approvals and
/// policies live, who is starting, and the time approvals are checked against.
public struct LaunchCheck: Sendable {
    public var environment: DeploymentEnvironment
    public var approvalsDirectory: String
    public var policiesDirectory: String
    /// Who started the run, for the audit log.
    public var actor: String
    public var now: Date
    /// The identity of a policy file (default: SHA-256 of its bytes).
    public var policyHash: @Sendable (String) throws -> String

    public init(
        environment: DeploymentEnvironment, approvalsDirectory: String, policiesDirectory: String, actor: String, now: Date,
        policyHash: @escaping @Sendable (String) throws -> String = LaunchGate.fileSHA256
    ) {
        self.environment = environment
        self.approvalsDirectory = approvalsDirectory
        self.policiesDirectory = policiesDirectory
        self.actor = actor
        self.now = now
        self.policyHash = policyHash
    }

    /// Runs the gate for the exact params and strategy bytes about to run.
    func clear(strategy: String, paramsHash: String, strategyHash: String) throws(ApprovalError) -> LaunchGate.Clearance {
        let gate = LaunchGate(approvalsDirectory: approvalsDirectory, policiesDirectory: policiesDirectory, policyHash: policyHash)
        return try gate.check(
            LaunchGate.Launch(environment: environment, strategy: strategy, paramsHash: paramsHash, strategyHash: strategyHash),
            actor: actor, now: now
        )
    }
}
