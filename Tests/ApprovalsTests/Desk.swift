import Foundation
import Testing
@testable import Approvals

/// A throwaway approvals desk: a temp directory with a policy, keys for a few people, and a clock.
struct Desk {
    static let policyText = """
    environments:
      paper: { approvers: 1, roles: [], expires_after_days: 30, any_symbol: true }
      live: { approvers: 2, roles: [risk], expires_after_days: 14, any_symbol: false }
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
        store = ApprovalStore(directory: root + "/approvals", stateDirectory: root + "/state")
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

    /// The SHA-256 a short label stands for, so tests read "h1" while statements hold real hashes.
    static func hash(_ label: String) -> String { CanonicalJSON.sha256Hex(Data(label.utf8)) }

    /// Proposes params `hash` (a label) over what is in force, unless `base` (a label, or "none") says otherwise.
    func propose(
        _ hash: String, strategy: String = "sma_cross", strategyHash: String = "s1", env: DeploymentEnvironment = .paper,
        symbols: [String] = ["BTCUSDT"], base: String? = nil, by label: String = "alice", days: Double = 0
    ) throws -> Statement {
        let (ring, record) = try store.trusted()
        let reviews = store.reviews(policy: policy, keys: ring, record: record, now: at(days: days))
        let current = ApprovalStore.inForce(.params, subject: strategy, environment: env, among: reviews)?.statement?.newHash ?? "none"
        let baseHash = base.map { $0 == "none" ? "none" : Self.hash($0) } ?? current
        return try store.propose(
            ApprovalStore.Draft(
                target: .params, subject: strategy, environment: env, baseHash: baseHash, newHash: Self.hash(hash), strategyHash: Self.hash(strategyHash),
                symbols: symbols, file: "params/\(strategy)/x.yaml", reason: "test", details: ""
            ),
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
        LaunchGate(approvalsDirectory: store.directory, policiesDirectory: policiesDirectory, stateDirectory: store.stateDirectory, policyHash: policyHash)
    }

    /// The launch of params `hash` (a label) with strategy `strategyHash` (a label).
    static func launch(_ hash: String, strategyHash: String = "s1", env: DeploymentEnvironment = .paper, symbol: String = "BTCUSDT") -> LaunchGate.Launch {
        LaunchGate.Launch(environment: env, strategy: "sma_cross", paramsHash: Self.hash(hash), strategyHash: Self.hash(strategyHash), symbol: symbol, guardrailPolicy: Self.hash("guardrails"))
    }

    func check(_ hash: String, strategyHash: String = "s1", env: DeploymentEnvironment = .paper, symbol: String = "BTCUSDT", days: Double = 0) throws(ApprovalError) -> LaunchGate.Clearance {
        try gate().check(Self.launch(hash, strategyHash: strategyHash, env: env, symbol: symbol), actor: "tester", now: at(days: days))
    }

    /// Why each signature of proposal `id` was refused, as `spark params status` shows it.
    func refusals(_ id: String, days: Double = 0) throws -> [String] {
        let (ring, record) = try store.trusted()
        let review = try #require(store.reviews(policy: policy, keys: ring, record: record, now: at(days: days)).first { $0.proposal.id == id })
        return review.refused.compactMap(\.refusal) + review.problems
    }

    /// The refusal message of a launch that must be refused ("" when it was not refused).
    func refusal(_ hash: String, strategyHash: String = "s1", env: DeploymentEnvironment = .paper, symbol: String = "BTCUSDT", days: Double = 0) -> String {
        do {
            _ = try check(hash, strategyHash: strategyHash, env: env, symbol: symbol, days: days)
            return ""
        } catch {
            return error.code == .refused ? error.message : "wrong code \(error.code): \(error.message)"
        }
    }
}
