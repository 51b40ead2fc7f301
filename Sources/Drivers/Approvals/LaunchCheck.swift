public import SparkConfig
public import Approvals
public import Foundation

/// What the launch gate needs from a paper or live start: the environment, the project whose
/// approvals and policies it reads (never a folder of the caller's choosing), who is starting, and
/// the time approvals are checked against.
public struct LaunchCheck: Sendable {
    public var environment: DeploymentEnvironment
    public var project: Project
    /// Who started the run, for the audit log.
    public var actor: String
    public var now: Date
    /// The identity of a policy file (default: SHA-256 of its bytes).
    public var policyHash: @Sendable (String) throws -> String

    public init(
        environment: DeploymentEnvironment, project: Project, actor: String, now: Date,
        policyHash: @escaping @Sendable (String) throws -> String = LaunchGate.fileSHA256
    ) {
        self.environment = environment
        self.project = project
        self.actor = actor
        self.now = now
        self.policyHash = policyHash
    }

    /// Runs the gate for the exact params and strategy bytes about to run.
    func clear(strategy: String, paramsHash: String, strategyHash: String) throws(ApprovalError) -> LaunchGate.Clearance {
        let gate = LaunchGate(approvalsDirectory: project.approvalsDirectory, policiesDirectory: project.policiesDirectory, policyHash: policyHash)
        return try gate.check(
            LaunchGate.Launch(environment: environment, strategy: strategy, paramsHash: paramsHash, strategyHash: strategyHash),
            actor: actor, now: now
        )
    }
}
