public import SparkConfig
public import Approvals
public import Foundation

/// What the launch gate needs from a paper or live start: the environment, the project whose
/// approvals, policies and state it reads (never a folder of the caller's choosing), who is
/// starting, the guardrail policy, and the time approvals are checked against.
public struct LaunchCheck: Sendable {
    public var environment: DeploymentEnvironment
    public var project: Project
    /// Who started the run, for the runtime log.
    public var actor: String
    public var now: Date
    /// Canonical hash of the guardrail policy the run goes under.
    public var guardrailPolicy: String
    /// The identity of a policy file (default: SHA-256 of its bytes).
    public var policyHash: @Sendable (String) throws -> String

    public init(
        environment: DeploymentEnvironment, project: Project, actor: String, now: Date, guardrailPolicy: String,
        policyHash: @escaping @Sendable (String) throws -> String = LaunchGate.fileSHA256
    ) {
        self.environment = environment
        self.project = project
        self.actor = actor
        self.now = now
        self.guardrailPolicy = guardrailPolicy
        self.policyHash = policyHash
    }

    /// The launch gate over this project's approvals, policies and state.
    public var gate: LaunchGate {
        LaunchGate(approvalsDirectory: project.approvalsDirectory, policiesDirectory: project.policiesDirectory, stateDirectory: project.stateDirectory, policyHash: policyHash)
    }

    /// What is being launched, as the gate checks it.
    public func launch(strategy: String, paramsHash: String, strategyHash: String, symbol: String) -> LaunchGate.Launch {
        LaunchGate.Launch(environment: environment, strategy: strategy, paramsHash: paramsHash, strategyHash: strategyHash, symbol: symbol, guardrailPolicy: guardrailPolicy)
    }

    /// Runs the gate for the exact params, strategy bytes and symbol about to run.
    /// Asks the gate; returns why the launch may go ahead, or throws what is missing.
    public func clear(strategy: String, paramsHash: String, strategyHash: String, symbol: String) throws(ApprovalError) -> LaunchGate.Clearance {
        try gate.check(launch(strategy: strategy, paramsHash: paramsHash, strategyHash: strategyHash, symbol: symbol), actor: actor, now: now)
    }
}
