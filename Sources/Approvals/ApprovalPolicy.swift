import Foundation
internal import Yams
import SparkConfig
public import SparkCore

/// `policies/approval.yaml`: what each environment needs, what policy changes need, and what a
/// promotion from paper to live needs from the paper record.
public struct ApprovalPolicy: Sendable, Equatable {
    public var environments: [DeploymentEnvironment: QuorumRule]
    /// Changes to the files under policies/ (this one included); live refuses to start unless every
    /// policy file in force was approved under this rule.
    public var policies: QuorumRule
    public var promotion: PromotionRule

    public init(environments: [DeploymentEnvironment: QuorumRule], policies: QuorumRule, promotion: PromotionRule) {
        self.environments = environments
        self.policies = policies
        self.promotion = promotion
    }

    /// The rule for params in `environment`.
    public func rule(for environment: DeploymentEnvironment) -> QuorumRule {
        environments[environment]!
    }

    /// Reads and checks the file; every environment must be present, nothing is defaulted.
    public static func load(path: String) throws(ApprovalError) -> ApprovalPolicy {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ApprovalError(.unreadable, "the approval policy is missing", file: path, hint: "paper and live refuse to start without policies/approval.yaml (see docs/approvals.md)")
        }
        let document = try YAMLFile(path: path)
        let top = try document.fields(document.root, allowed: ["environments", "policies", "promotion"], what: "approval.yaml")
        guard let environmentsNode = top["environments"] else {
            throw document.error(.schema, "environments is missing", at: document.root, hint: "give paper: and live: rules")
        }
        var environments: [DeploymentEnvironment: QuorumRule] = [:]
        let names = Set(DeploymentEnvironment.gated.map(\.rawValue))
        for (name, node) in try document.fields(environmentsNode, allowed: names, what: "environments") {
            environments[DeploymentEnvironment(rawValue: name)!] = try rule(node, document: document, what: "environments.\(name)", symbols: true)
        }
        for environment in DeploymentEnvironment.gated where environments[environment] == nil {
            throw document.error(.schema, "environments.\(environment.rawValue) is missing", at: environmentsNode)
        }
        guard let policiesNode = top["policies"], let promotionNode = top["promotion"] else {
            throw document.error(.schema, "policies and promotion are required", at: document.root)
        }
        let promotionFields = try document.fields(promotionNode, allowed: ["min_paper_days", "min_paper_trades", "max_drawdown"], what: "promotion")
        guard let dayNode = promotionFields["min_paper_days"], let drawdownNode = promotionFields["max_drawdown"] else {
            throw document.error(.schema, "promotion needs min_paper_days and max_drawdown", at: promotionNode)
        }
        let days = try document.number(dayNode, what: "promotion.min_paper_days")
        guard days >= 0 else {
            throw document.error(.value, "min_paper_days must be a non-negative number", at: dayNode)
        }
        let drawdown = try document.number(drawdownNode, what: "promotion.max_drawdown")
        guard drawdown >= 0, drawdown <= 1 else {
            throw document.error(.value, "max_drawdown must be a fraction between 0 and 1 (0.15 = 15%)", at: promotionFields["max_drawdown"]!)
        }
        let trades = try document.integer(promotionFields["min_paper_trades"], what: "promotion.min_paper_trades", in: promotionNode, minimum: 0)
        return ApprovalPolicy(
            environments: environments, policies: try rule(policiesNode, document: document, what: "policies"),
            promotion: PromotionRule(minDays: days, minTrades: trades, maxDrawdown: drawdown)
        )
    }

    private static func rule(_ node: Node, document: YAMLFile, what: String, symbols: Bool = false) throws(ApprovalError) -> QuorumRule {
        let fields = try document.fields(node, allowed: symbols ? ["approvers", "roles", "expires_after_days", "any_symbol"] : ["approvers", "roles", "expires_after_days"], what: what)
        let approvers = try document.integer(fields["approvers"], what: "\(what).approvers", in: node, minimum: 1)
        let roles = try document.list(fields["roles"], what: "\(what).roles")
        if roles.count > approvers {
            throw document.error(.value, "\(what) needs \(roles.count) roles but only \(approvers) approvers", at: node, hint: "raise approvers to at least the number of roles")
        }
        let days = try document.integer(fields["expires_after_days"], what: "\(what).expires_after_days", in: node, minimum: 1)
        var anySymbol = false
        if symbols {
            let text = try document.text(fields["any_symbol"], what: "\(what).any_symbol", in: node)
            guard text == "true" || text == "false" else {
                throw document.error(.value, "\(what).any_symbol must be true or false", at: fields["any_symbol"]!)
            }
            anySymbol = text == "true"
        }
        return QuorumRule(approvers: approvers, roles: roles, expiresAfterDays: days, allowsAnySymbol: anySymbol)
    }
}
