public import Foundation
public import SparkCore

/// The typed statement a signature covers: never a loose file, always these fields in canonical JSON.
///
/// A proposal and each approval of it sign the same fields and differ only in ``type``; an approval
/// is valid only for the proposal, hashes, environment, symbols, guardrail policy and expiry it names.
/// The version is part of the type URL (`…/proposal/v2`); statements of another version are refused
/// with ``versionProblem(_:)``.
public struct Statement: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case proposal = "https://spark.dev/statement/proposal/v2"
        case approval = "https://spark.dev/statement/approval/v2"
    }

    /// The version this build writes and reads.
    public static let version = 2

    /// What a proposal changes.
    public enum Target: String, Sendable { case params, policy }

    /// The symbol list that stands for any symbol; the approval policy may forbid it per environment.
    public static let anySymbol = "*"

    public var type: Kind
    public var proposal: String
    public var target: Target
    /// The strategy name for params, the policy file's name for policies.
    public var subject: String
    public var environment: DeploymentEnvironment
    /// Hash of what was in force when the proposal was made (`none` for the first proposal); the
    /// proposal applies only over exactly that.
    public var baseHash: String
    public var newHash: String
    /// SHA-256 of the strategy source the params are for (empty for policies).
    public var strategyHash: String
    /// The symbols the params may trade (sorted), or [`*`] for any symbol; empty for policies.
    public var symbols: [String]
    /// Canonical hash of the guardrail policy the params must run under; empty when not bound.
    public var guardrailPolicy: String
    public var created: Date
    public var expires: Date

    public init(
        type: Kind, proposal: String, target: Target, subject: String, environment: DeploymentEnvironment,
        baseHash: String, newHash: String, strategyHash: String, symbols: [String], guardrailPolicy: String = "", created: Date, expires: Date
    ) {
        self.type = type
        self.proposal = proposal
        self.target = target
        self.subject = subject
        self.environment = environment
        self.baseHash = baseHash
        self.newHash = newHash
        self.strategyHash = strategyHash
        self.symbols = symbols.sorted()
        self.guardrailPolicy = guardrailPolicy
        self.created = created
        self.expires = expires
    }

    static let fields: Set<String> = [
        "type", "proposal", "target", "subject", "environment", "base", "new", "strategy", "symbols", "guardrail_policy", "created", "expires",
    ]

    /// Whether the statement lets the params trade `symbol`.
    public func allows(symbol: String) -> Bool {
        symbols == [Self.anySymbol] || symbols.contains(symbol)
    }

    /// The symbols as people read them.
    public var symbolText: String { symbols == [Self.anySymbol] ? "any symbol" : symbols.joined(separator: ",") }

    /// The canonical JSON bytes that are signed.
    public var canonical: Data {
        Data(CanonicalJSON.object([
            "type": .string(type.rawValue), "proposal": .string(proposal), "target": .string(target.rawValue),
            "subject": .string(subject), "environment": .string(environment.rawValue), "base": .string(baseHash),
            "new": .string(newHash), "strategy": .string(strategyHash), "symbols": .array(symbols.map { .string($0) }),
            "guardrail_policy": .string(guardrailPolicy),
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

    /// What to do about a payload of another statement version; nil when it is not one.
    public static func versionProblem(_ payload: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: payload) as? [String: Any], let type = object["type"] as? String,
              type.hasPrefix("https://spark.dev/statement/"), Kind(rawValue: type) == nil
        else { return nil }
        return "the statement is \(type.split(separator: "/").suffix(2).joined(separator: " ")), this build reads version \(version) only: propose the change again (spark params propose) and have it approved again"
    }

    /// Decodes a payload; nil unless it is exactly a canonical statement whose every field has its strict form.
    public static func decode(_ payload: Data) -> Statement? {
        guard let object = try? JSONSerialization.jsonObject(with: payload) as? [String: Any], Set(object.keys) == fields,
              let typeText = object["type"] as? String, let type = Kind(rawValue: typeText),
              let targetText = object["target"] as? String, let target = Target(rawValue: targetText),
              let environmentText = object["environment"] as? String, let environment = DeploymentEnvironment(rawValue: environmentText), environment.isGated,
              let proposal = object["proposal"] as? String, let subject = object["subject"] as? String,
              let base = object["base"] as? String, let new = object["new"] as? String, let strategy = object["strategy"] as? String,
              let symbols = object["symbols"] as? [String], let guardrailPolicy = object["guardrail_policy"] as? String,
              let created = (object["created"] as? String).flatMap(ApprovalTime.parse), let expires = (object["expires"] as? String).flatMap(ApprovalTime.parse)
        else { return nil }
        let statement = Statement(
            type: type, proposal: proposal, target: target, subject: subject, environment: environment, baseHash: base, newHash: new,
            strategyHash: strategy, symbols: symbols, guardrailPolicy: guardrailPolicy, created: created, expires: expires
        )
        guard statement.problem == nil else { return nil }
        // Only the canonical bytes are accepted, so one statement has exactly one signed form.
        return statement.canonical == payload ? statement : nil
    }

    /// The first field that breaks its grammar; nil when every field is well-formed.
    public var problem: String? {
        guard Grammar.isProposalID(proposal) else { return "proposal id \(DisplayText.quoted(proposal)) is not of the form <strategy>-<env>-<n>" }
        guard Grammar.isHash(newHash) else { return "new hash \(DisplayText.quoted(newHash)) is not 64 lower-case hex digits" }
        guard baseHash == "none" || Grammar.isHash(baseHash) else { return "base hash \(DisplayText.quoted(baseHash)) is neither none nor 64 lower-case hex digits" }
        guard guardrailPolicy.isEmpty || Grammar.isHash(guardrailPolicy) else { return "guardrail policy hash \(DisplayText.quoted(guardrailPolicy)) is not 64 lower-case hex digits" }
        switch target {
        case .params:
            guard Grammar.isName(subject) else { return "strategy name \(DisplayText.quoted(subject)) is not a lower-case name" }
            guard Grammar.isHash(strategyHash) else { return "strategy hash \(DisplayText.quoted(strategyHash)) is not 64 lower-case hex digits" }
            guard !symbols.isEmpty, symbols == [Self.anySymbol] || symbols.allSatisfy(Grammar.isSymbol), Set(symbols).count == symbols.count else {
                return "symbols must be a list of symbols such as BTCUSDT, or * for any symbol"
            }
        case .policy:
            guard Grammar.isPolicyFile(subject) else { return "policy file \(DisplayText.quoted(subject)) is not a name ending in .yaml" }
            guard strategyHash.isEmpty, symbols.isEmpty else { return "a policy statement names no strategy and no symbols" }
        }
        return nil
    }
}
