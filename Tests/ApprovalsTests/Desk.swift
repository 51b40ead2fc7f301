import Foundation
@testable import Approvals

/// A throwaway approvals desk: a temp directory with a policy, keys for a few people, and a clock.
struct Desk {
    static let policyText = """
    environments:
      paper: { approvers: 1, roles: [], expires_after_days: 30 }
      live: { approvers: 2, roles: [risk], expires_after_days: 14 }
    policies: { approvers: 1, roles: [risk], expires_after_days: 365 }
    promotion: { min_paper_days: 14, min_paper_trades: 50, max_drawdown: 0.15 }
    """

    let root: String
    let store: ApprovalStore
    let policiesDirectory: String
    let keyDirectory: String
    let policy: ApprovalPolicy
    /// 2026-01-01T00:00:00Z; tests move time by adding to it, never by sleeping.
    static let start = Date(timeIntervalSince1970: 1_767_225_600)
    var keys: [String: SigningKey] = [:]

    init(people: [(String, [String])] = [("alice", ["quant"]), ("bob", ["quant"]), ("carol", ["risk"]), ("dave", ["risk"])]) throws {
        root = NSTemporaryDirectory() + "spark-approvals-tests/\(UUID().uuidString)"
        store = ApprovalStore(directory: root + "/approvals")
        policiesDirectory = root + "/policies"
        keyDirectory = root + "/keys"
        try FileManager.default.createDirectory(atPath: policiesDirectory, withIntermediateDirectories: true)
        try Self.policyText.write(toFile: policiesDirectory + "/approval.yaml", atomically: true, encoding: .utf8)
        policy = try ApprovalPolicy.load(path: policiesDirectory + "/approval.yaml")
        for (name, roles) in people {
            try addKey(name, roles: roles, as: name)
        }
    }

    /// Adds a key for `owner` under the label `label` (two labels may share an owner).
    mutating func addKey(_ owner: String, roles: [String], as label: String) throws {
        let (record, path) = try store.createKey(owner: owner, roles: roles, keyDirectory: keyDirectory, now: Self.start)
        keys[label] = try SigningKey.load(path, directory: keyDirectory)
        precondition(keys[label]!.id == record.id)
    }

    func at(days: Double) -> Date { Self.start.addingTimeInterval(days * 86_400) }

    func propose(
        _ hash: String, strategy: String = "sma_cross", strategyHash: String = "s1", env: DeploymentEnvironment = .paper,
        by label: String = "alice", days: Double = 0
    ) throws -> Statement {
        try store.propose(
            ApprovalStore.Draft(target: .params, subject: strategy, environment: env, baseHash: "none", newHash: hash, strategyHash: strategyHash, file: "params/\(strategy)/x.yaml", reason: "test", details: ""),
            key: keys[label]!, policy: policy, now: at(days: days)
        )
    }

    @discardableResult
    func approve(_ id: String, by label: String, days: Double = 0) throws -> ProposalReview {
        try store.approve(id, key: keys[label]!, policy: policy, now: at(days: days))
    }

    /// Writes an approval signature by hand, bypassing the checks `approve` makes, as an attacker would.
    func forge(_ statement: Statement, by key: SigningKey, into id: String) throws {
        let envelope = try Envelope.sign(statement.asApproval, with: key)
        try write(envelope, into: id, name: key.id)
    }

    func write(_ envelope: Envelope, into id: String, name: String) throws {
        let directory = store.proposalDirectory(id) + "/signatures"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try envelope.json.write(toFile: "\(directory)/\(name).dsse.json", atomically: true, encoding: .utf8)
    }

    func gate(policyHash: @escaping @Sendable (String) throws -> String = LaunchGate.fileSHA256) -> LaunchGate {
        LaunchGate(approvalsDirectory: store.directory, policiesDirectory: policiesDirectory, policyHash: policyHash)
    }

    func check(_ hash: String, strategyHash: String = "s1", env: DeploymentEnvironment = .paper, days: Double = 0) throws(ApprovalError) -> LaunchGate.Clearance {
        try gate().check(LaunchGate.Launch(environment: env, strategy: "sma_cross", paramsHash: hash, strategyHash: strategyHash), actor: "tester", now: at(days: days))
    }

    /// The refusal message of a launch that must be refused ("" when it was not refused).
    func refusal(_ hash: String, strategyHash: String = "s1", env: DeploymentEnvironment = .paper, days: Double = 0) -> String {
        do {
            _ = try check(hash, strategyHash: strategyHash, env: env, days: days)
            return ""
        } catch {
            return error.code == .refused ? error.message : "wrong code \(error.code): \(error.message)"
        }
    }
}
