public import Foundation

/// The typed statement a signature covers: never a loose file, always these fields in canonical JSON.
///
/// A proposal and each approval of it sign the same fields and differ only in ``type``; an approval
/// is valid only for the proposal, hashes, environment and expiry it names.
public struct Statement: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case proposal = "https://spark.dev/statement/proposal/v1"
        case approval = "https://spark.dev/statement/approval/v1"
    }

    /// What a proposal changes.
    public enum Target: String, Sendable { case params, policy }

    public var type: Kind
    public var proposal: String
    public var target: Target
    /// The strategy name for params, the policy file's name for policies.
    public var subject: String
    public var environment: DeploymentEnvironment
    /// Hash of what runs now (`none` for the first proposal).
    public var baseHash: String
    public var newHash: String
    /// SHA-256 of the strategy source the params are for (empty for policies).
    public var strategyHash: String
    public var created: Date
    public var expires: Date

    public init(
        type: Kind, proposal: String, target: Target, subject: String, environment: DeploymentEnvironment,
        baseHash: String, newHash: String, strategyHash: String, created: Date, expires: Date
    ) {
        self.type = type
        self.proposal = proposal
        self.target = target
        self.subject = subject
        self.environment = environment
        self.baseHash = baseHash
        self.newHash = newHash
        self.strategyHash = strategyHash
        self.created = created
        self.expires = expires
    }

    static let fields: Set<String> = ["type", "proposal", "target", "subject", "environment", "base", "new", "strategy", "created", "expires"]

    /// The canonical JSON bytes that are signed.
    public var canonical: Data {
        Data(CanonicalJSON.object([
            "type": .string(type.rawValue), "proposal": .string(proposal), "target": .string(target.rawValue),
            "subject": .string(subject), "environment": .string(environment.rawValue), "base": .string(baseHash),
            "new": .string(newHash), "strategy": .string(strategyHash),
            "created": .string(ApprovalTime.format(created)), "expires": .string(ApprovalTime.format(expires)),
        ]).text.utf8)
    }

    /// The same statement as an approval (what approvers sign).
    public var asApproval: Statement {
        var copy = self
        copy.type = .approval
        return copy
    }

    /// Whether `other` names the same change (everything but the type).
    public func sameChange(as other: Statement) -> Bool {
        asApproval == other.asApproval
    }

    /// Decodes a payload; nil unless it is exactly a canonical statement.
    public static func decode(_ payload: Data) -> Statement? {
        guard let object = try? JSONSerialization.jsonObject(with: payload) as? [String: Any], Set(object.keys) == fields,
              let typeText = object["type"] as? String, let type = Kind(rawValue: typeText),
              let targetText = object["target"] as? String, let target = Target(rawValue: targetText),
              let environmentText = object["environment"] as? String, let environment = DeploymentEnvironment(rawValue: environmentText),
              let proposal = object["proposal"] as? String, let subject = object["subject"] as? String,
              let base = object["base"] as? String, let new = object["new"] as? String, let strategy = object["strategy"] as? String,
              let created = (object["created"] as? String).flatMap(ApprovalTime.parse), let expires = (object["expires"] as? String).flatMap(ApprovalTime.parse)
        else { return nil }
        let statement = Statement(
            type: type, proposal: proposal, target: target, subject: subject, environment: environment,
            baseHash: base, newHash: new, strategyHash: strategy, created: created, expires: expires
        )
        // Only the canonical bytes are accepted, so one statement has exactly one signed form.
        return statement.canonical == payload ? statement : nil
    }
}
