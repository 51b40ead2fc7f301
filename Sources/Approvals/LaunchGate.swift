public import Foundation
import Audit
public import SparkCore

/// The check paper and live run before their first bar: the exact param set and strategy must have
/// a valid quorum for the environment, and (for live) every policy file in force must be approved.
///
/// Refusals name what is missing; launches and refusals are written to the runtime log.
public struct LaunchGate: Sendable {
    /// What is about to run.
    public struct Launch: Sendable, Equatable {
        public var environment: DeploymentEnvironment
        public var strategy: String
        public var paramsHash: String
        public var strategyHash: String
        /// The symbol the session trades.
        public var symbol: String
        /// Canonical hash of the guardrail policy the session runs under.
        public var guardrailPolicy: String

        public init(environment: DeploymentEnvironment, strategy: String, paramsHash: String, strategyHash: String, symbol: String, guardrailPolicy: String) {
            self.environment = environment
            self.strategy = strategy
            self.paramsHash = paramsHash
            self.strategyHash = strategyHash
            self.symbol = symbol
            self.guardrailPolicy = guardrailPolicy
        }
    }

    /// Why a launch may go ahead.
    public struct Clearance: Sendable, Equatable {
        public var proposal: String
        public var approvers: [String]
        public var policyProposals: [String]
        /// When the approval lapses on its own (a running session stops then).
        public var expires: Date
        /// `<sequence> <hash>` of the tracked log the clearance was checked against.
        public var trackedHead: String
    }

    public let store: ApprovalStore
    public let policiesDirectory: String
    /// The identity of a policy file; the default is the SHA-256 of its bytes.
    public let policyHash: @Sendable (String) throws -> String

    public init(
        approvalsDirectory: String, policiesDirectory: String, stateDirectory: String,
        policyHash: @escaping @Sendable (String) throws -> String = LaunchGate.fileSHA256
    ) {
        store = ApprovalStore(directory: approvalsDirectory, stateDirectory: stateDirectory)
        self.policiesDirectory = policiesDirectory
        self.policyHash = policyHash
    }

    /// Lower-case hex SHA-256 of the file's bytes.
    @Sendable public static func fileSHA256(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ApprovalError(.unreadable, "cannot read the policy file", file: path)
        }
        return CanonicalJSON.sha256Hex(data)
    }

    public var policyPath: String { "\(policiesDirectory)/approval.yaml" }

    /// Clears `launch` or throws a refusal naming what is missing. Both logs must verify first; the
    /// launch or the refusal is appended to the runtime log with the tracked head it was checked against.
    public func check(_ launch: Launch, actor: String, now: Date) throws(ApprovalError) -> Clearance {
        let logs = store.logs
        var tracked: [AuditEntry] = []
        do {
            tracked = try logs.checkedTracked()
            _ = try logs.checkedRuntime()
            let clearance = try evaluate(launch, now: now)
            try record(logs.runtimeLog(checkedAgainst: tracked), kind: "launch", launch, actor: actor, now: now, extra: [
                "proposal": clearance.proposal, "approvers": clearance.approvers.joined(separator: ","),
            ])
            return clearance
        } catch {
            var refusal = error
            refusal.code = .refused
            do {
                // A refusal is recorded even when the tracked log is what failed; the entry then says so.
                let log = tracked.isEmpty ? logs.runtimeLogForOperator() : logs.runtimeLog(checkedAgainst: tracked)
                try record(log, kind: "gate.refused", launch, actor: actor, now: now, extra: ["reason": error.message])
            } catch {
                refusal.message += " (and the refusal could not be written to the runtime log: \(error.message))"
            }
            throw refusal
        }
    }

    /// The same decision as ``check(_:actor:now:)`` without writing anything: what a running session
    /// asks between bars to learn whether its approval still stands.
    public func recheck(_ launch: Launch, now: Date) throws(ApprovalError) -> Clearance {
        _ = try store.logs.checkedTracked()
        return try evaluate(launch, now: now)
    }

    private func record(_ log: AuditLog, kind: String, _ launch: Launch, actor: String, now: Date, extra: [String: String]) throws(ApprovalError) {
        do {
            try log.append(kind: kind, actor: actor, subject: launch.strategy, details: extra.merging([
                "environment": launch.environment.rawValue, "params": launch.paramsHash, "strategy": launch.strategyHash,
                "symbol": launch.symbol, "guardrail_policy": launch.guardrailPolicy,
            ]) { own, _ in own }, at: now)
        } catch {
            throw GovernanceLogs.refusal(error, what: "the runtime log")
        }
    }

    private func evaluate(_ launch: Launch, now: Date) throws(ApprovalError) -> Clearance {
        let policy = try ApprovalPolicy.load(path: policyPath)
        let (keys, tracked) = try store.trusted()
        let environment = launch.environment.rawValue
        if let problem = tracked.missing(in: store, where: {
            ($0.details["target"] == "params" && $0.details["subject"] == launch.strategy && $0.details["environment"] == environment)
                || (launch.environment == .live && $0.details["target"] == "policy")
        }) {
            throw ApprovalError(.refused, "\(environment) refused: \(problem)")
        }
        let reviews = store.reviews(policy: policy, keys: keys, record: tracked, now: now)
        let hash = launch.paramsHash.prefix(12)
        let candidates = reviews.filter {
            $0.statement?.target == .params && $0.statement?.subject == launch.strategy && $0.statement?.environment == launch.environment
        }
        let matching = candidates.filter { $0.statement?.newHash == launch.paramsHash && $0.statement?.strategyHash == launch.strategyHash }
        let latestApproved = candidates.filter(\.wasApproved).max { $0.proposal.sequence < $1.proposal.sequence }
        let hint = "propose it with `spark params propose FILE --env \(environment) --reason …` and have it approved (spark params status shows what is missing)"
        guard let best = matching.max(by: { $0.proposal.sequence < $1.proposal.sequence }), let signed = best.statement else {
            if let other = candidates.last(where: { $0.statement?.newHash == launch.paramsHash }), let signed = other.statement {
                throw ApprovalError(.refused, "\(environment) refused: the strategy was edited after approval: proposal \(other.proposal.id) covers strategy sha256 \(signed.strategyHash.prefix(12)), the strategy now hashes \(launch.strategyHash.prefix(12))", hint: hint)
            }
            if let latest = latestApproved, let signed = latest.statement {
                throw ApprovalError(.refused, "\(environment) refused: params hash \(hash) is not approved; it differs from the approved \(signed.newHash.prefix(12)) of proposal \(latest.proposal.id) (the param set was edited after approval, or never proposed)", hint: hint)
            }
            throw ApprovalError(.refused, "\(environment) refused: no proposal for strategy \(launch.strategy) with params hash \(hash) in \(environment)", hint: hint)
        }
        if let latest = latestApproved, latest.proposal.sequence > best.proposal.sequence {
            throw ApprovalError(.refused, "\(environment) refused: params hash \(hash) was approved in \(best.proposal.id) but superseded by \(latest.proposal.id) (hash \(latest.statement!.newHash.prefix(12))); an old approval cannot be replayed after a rollback", hint: "propose the rollback as a new change so it is approved again")
        }
        guard best.isApproved else {
            throw ApprovalError(.refused, "\(environment) refused: proposal \(best.proposal.id) (params \(hash)) lacks a valid quorum: \(best.reasons.joined(separator: "; "))", hint: "spark params status \(best.proposal.id) shows who signed and what is missing")
        }
        let previous = candidates.filter { $0.wasApproved && $0.proposal.sequence < best.proposal.sequence }.max { $0.proposal.sequence < $1.proposal.sequence }
        let base = previous?.statement?.newHash ?? "none"
        guard signed.baseHash == base else {
            throw ApprovalError(.refused, "\(environment) refused: proposal \(best.proposal.id) was made over \(signed.baseHash.prefix(12)), but \(base.prefix(12)) was in force before it\(previous.map { " (proposal \($0.proposal.id))" } ?? ""): a proposal applies only over the base it was made against", hint: "propose the change again over what is in force")
        }
        guard signed.allows(symbol: launch.symbol) else {
            throw ApprovalError(.refused, "\(environment) refused: proposal \(best.proposal.id) approves \(launch.strategy) for \(signed.symbolText), not \(DisplayText.escape(launch.symbol))", hint: "propose the params for this symbol (--symbols)")
        }
        guard signed.guardrailPolicy.isEmpty || signed.guardrailPolicy == launch.guardrailPolicy else {
            throw ApprovalError(.refused, "\(environment) refused: proposal \(best.proposal.id) approves the params under guardrail policy \(signed.guardrailPolicy.prefix(12)), this session runs \(launch.guardrailPolicy.prefix(12))", hint: "run under the policy the proposal names, or propose again")
        }
        var policyProposals: [String] = []
        if launch.environment == .live {
            guard reviews.contains(where: {
                $0.wasApproved && $0.statement?.target == .params && $0.statement?.environment == .paper &&
                    $0.statement?.newHash == launch.paramsHash && $0.statement?.strategyHash == launch.strategyHash
            }) else {
                throw ApprovalError(.refused, "live refused: params hash \(hash) was never approved for paper; live changes are promoted from paper", hint: "spark params promote")
            }
            policyProposals = try checkPolicies(reviews: reviews)
        }
        let head = try store.logs.checkedTracked().last.map { "\($0.sequence) \($0.hash)" } ?? "0 \(AuditEntry.genesis)"
        return Clearance(proposal: best.proposal.id, approvers: best.counted.compactMap(\.owner), policyProposals: policyProposals, expires: signed.expires, trackedHead: head)
    }

    /// Every policy file in force must match the newest approved policy proposal for it.
    private func checkPolicies(reviews: [ProposalReview]) throws(ApprovalError) -> [String] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: policiesDirectory)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        var approved: [String] = []
        for file in files {
            let path = "\(policiesDirectory)/\(file)"
            let hash: String
            do {
                hash = try policyHash(path)
            } catch {
                throw ApprovalError(.refused, "live refused: cannot hash policy file \(file): \(error)", file: path)
            }
            let forFile = reviews.filter { $0.statement?.target == .policy && $0.statement?.subject == file }
            let latest = forFile.filter(\.wasApproved).max { $0.proposal.sequence < $1.proposal.sequence }
            let hint = "propose it with `spark policy propose \(path) --reason …` and have someone with role risk approve it"
            if latest?.statement?.newHash != hash, let pending = forFile.last(where: { $0.statement?.newHash == hash }), latest.map({ $0.proposal.sequence < pending.proposal.sequence }) ?? true {
                throw ApprovalError(.refused, "live refused: policy proposal \(pending.proposal.id) for \(file) lacks a valid quorum: \(pending.reasons.joined(separator: "; "))", file: path, hint: hint)
            }
            guard let latest, let signed = latest.statement else {
                throw ApprovalError(.refused, "live refused: policy file \(file) (hash \(hash.prefix(12))) has no approved policy proposal", file: path, hint: hint)
            }
            guard signed.newHash == hash else {
                throw ApprovalError(.refused, "live refused: policy file \(file) was edited after approval: it hashes \(hash.prefix(12)), proposal \(latest.proposal.id) approved \(signed.newHash.prefix(12))", file: path, hint: hint)
            }
            guard latest.isApproved else {
                throw ApprovalError(.refused, "live refused: policy proposal \(latest.proposal.id) for \(file): \(latest.reasons.joined(separator: "; "))", file: path, hint: hint)
            }
            approved.append(latest.proposal.id)
        }
        return approved
    }
}
