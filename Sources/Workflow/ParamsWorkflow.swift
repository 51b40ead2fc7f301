public import Foundation
public import Approvals
import Drivers
import Engine
import LuaRuntime
import Strategies
public import SparkCore
public import SparkConfig
import Desk

/// The steps behind `spark params …` and `spark policy propose`: diffs, proposals with evidence,
/// promotion from paper to live. The CLI only parses flags and calls these.
public struct ParamsWorkflow: Sendable {
    /// Where a proposal's evidence backtest reads bars.
    public struct EvidenceData: Sendable {
        public var csvPath: String
        public var symbol: String
        public var instrumentsPath: String?

        public init(csvPath: String, symbol: String, instrumentsPath: String? = nil) {
            self.csvPath = csvPath
            self.symbol = symbol
            self.instrumentsPath = instrumentsPath
        }
    }

    public var approvalsDirectory: String
    public var policiesDirectory: String
    /// Where `strategies/<name>.lua` is found when a param set names its strategy.
    public var strategiesDirectory: String
    /// The project's state: the runtime log (paper sessions, records) and the tracked log's anchor.
    public var stateDirectory: String
    /// The costs a proposal's evidence backtest charges: the project's `fees:` (spark.yaml).
    public var fees = ProjectSettings.Fees()

    public init(approvalsDirectory: String = "approvals", policiesDirectory: String = "policies", strategiesDirectory: String = "strategies", stateDirectory: String = "state") {
        self.approvalsDirectory = approvalsDirectory
        self.policiesDirectory = policiesDirectory
        self.strategiesDirectory = strategiesDirectory
        self.stateDirectory = stateDirectory
    }

    /// The project's approvals, policies, state, and its strategies for param sets that name theirs.
    public init(project: Project) {
        self.init(
            approvalsDirectory: project.approvalsDirectory, policiesDirectory: project.policiesDirectory,
            strategiesDirectory: project.strategiesDirectory, stateDirectory: project.stateDirectory
        )
        fees = project.settings.fees
    }

    /// The evidence backtest's fill model: the project's fees and slippage, the default fill rules.
    var evidenceFillModel: FillModel {
        FillModel(makerFeeBps: fees.makerBps, takerFeeBps: fees.takerBps, slippageBps: fees.slippageBps)
    }

    /// The evidence's `costs:` line: what every figure below it was charged, and where that came from.
    var costsLine: String {
        let model = evidenceFillModel
        func bps(_ value: Double) -> String { String(format: "%g", value) }
        let source = fees.isSet ? "spark.yaml fees" : "none set: spark.yaml has no fees, so every cost is 0"
        return "  costs: { maker_fee_bps: \(bps(model.makerFeeBps)), taker_fee_bps: \(bps(model.takerFeeBps)), slippage_bps: \(bps(model.slippageBps)), "
            + "fee_base: \"fill notional (qty x fill price)\", fill_rule: \(model.marketFill == .nextOpen ? "next_open" : "close"), intrabar: \(model.intrabar.rawValue), "
            + "source: \(CanonicalJSON.string(source).text) }\n"
    }

    public var store: ApprovalStore { ApprovalStore(directory: approvalsDirectory, stateDirectory: stateDirectory) }

    public func policy() throws -> ApprovalPolicy {
        try ApprovalPolicy.load(path: "\(policiesDirectory)/approval.yaml")
    }

    /// A param set file resolved against its strategy: the values that would run, and their identities.
    public struct Resolved: Sendable {
        public var file: String
        public var strategy: String
        public var strategyPath: String
        public var strategySHA256: String
        public var values: [String: ParamValue]
        public var sha256: String
    }

    public func resolve(_ path: String, strategyPath: String? = nil) throws -> Resolved {
        let file = try ParamSetFile.load(path: path)
        let strategyPath = strategyPath ?? "\(strategiesDirectory)/\(file.strategy).lua"
        let source: String
        do {
            source = try String(contentsOfFile: strategyPath, encoding: .utf8)
        } catch {
            throw ConfigError(.unreadable, "cannot read the strategy file for '\(file.strategy)'", file: strategyPath, hint: "pass --strategy FILE")
        }
        let strategy = try LuaStrategy(path: strategyPath, source: source, limits: LuaLimits(), seed: 1)
        let values = try file.resolve(against: strategy.schema)
        return Resolved(
            file: path, strategy: file.strategy, strategyPath: strategyPath, strategySHA256: RunSetup.sha256Hex(source),
            values: values, sha256: ParamSetIdentity(strategy: file.strategy, values: values).sha256
        )
    }

    /// `spark params diff A B`: readable text or JSON.
    public func diff(_ old: String, _ new: String, strategyPath: String? = nil, json: Bool) throws -> String {
        let before = try resolve(old, strategyPath: strategyPath), after = try resolve(new, strategyPath: strategyPath)
        let diff = ParamDiff(old: before.values, new: after.values)
        if json {
            return CanonicalJSON.object([
                "old": .object(["file": .string(old), "sha256": .string(before.sha256)]),
                "new": .object(["file": .string(new), "sha256": .string(after.sha256)]),
                "same": .bool(before.sha256 == after.sha256), "changes": diff.json,
            ]).text
        }
        var lines = ["--- \(old)  \(before.sha256.prefix(12))", "+++ \(new)  \(after.sha256.prefix(12))"]
        if before.strategy != after.strategy { lines.append("! strategy: \(before.strategy) → \(after.strategy)") }
        lines += diff.lines
        if before.sha256 == after.sha256 { lines.append("(same canonical hash: the files are equivalent)") }
        return lines.joined(separator: "\n")
    }

    /// `spark params propose FILE --env …`: a signed proposal with its diff and backtest evidence.
    /// A live proposal also needs the paper record the policy asks for.
    public func propose(
        file: String, strategyPath: String? = nil, environment: DeploymentEnvironment, symbols: [String], guardrailPolicy: String = "",
        reason: String, key: SigningKey, evidence: EvidenceData?, now: Date, log: @escaping (String) -> Void
    ) throws -> Statement {
        let resolved = try resolve(file, strategyPath: strategyPath)
        let policy = try policy()
        // Said before any evidence is gathered: a scope the policy forbids is no proposal at all.
        if symbols == [Statement.anySymbol], !policy.rule(for: environment).allowsAnySymbol {
            throw ApprovalError(.refused, "policies/approval.yaml forbids 'any symbol' for \(environment.rawValue)", hint: "name the symbols the params may trade, e.g. --symbols BTCUSDT")
        }
        let base = try currentApproved(subject: resolved.strategy, environment: environment, policy: policy, now: now)
        var details = valuesBlock(strategy: resolved.strategy, resolved.values) + diffBlock(old: base?.values, new: resolved.values)
        if let evidence {
            details += try evidenceBlock(resolved: resolved, base: base?.values, data: evidence, log: log)
        }
        if environment == .live {
            details += try paperRecordBlock(resolved.sha256, strategyHash: resolved.strategySHA256, guardrailPolicy: guardrailPolicy, policy: policy, actor: key.owner, now: now, log: log)
        }
        let draft = ApprovalStore.Draft(
            target: .params, subject: resolved.strategy, environment: environment, baseHash: base?.hash ?? "none",
            newHash: resolved.sha256, strategyHash: resolved.strategySHA256, symbols: symbols, guardrailPolicy: guardrailPolicy,
            file: file, reason: reason, details: details
        )
        return try store.propose(draft, key: key, policy: policy, now: now)
    }

    /// `spark params promote PROPOSAL`: proposes an approved paper change for live, after checking the
    /// paper record of sessions that ran it under `guardrailPolicy` (a canonical policy hash), which
    /// the live proposal then names.
    public func promote(
        proposal id: String, symbols: [String], guardrailPolicy: String, reason: String, key: SigningKey, now: Date, log: @escaping (String) -> Void
    ) throws -> Statement {
        let policy = try policy()
        let (keys, record) = try store.trusted()
        let review = ProposalReview.review(try store.proposal(id), keys: keys, record: record, rule: { _ in policy.rule(for: .paper) }, now: now)
        guard let paper = review.statement, paper.target == .params, paper.environment == .paper else {
            throw ApprovalError(.state, "proposal \(id) is not a readable paper proposal", hint: "promote the paper proposal whose params ran in paper")
        }
        guard review.wasApproved else {
            throw ApprovalError(.refused, "proposal \(id) was never approved for paper: \(review.reasons.joined(separator: "; "))")
        }
        let values = recordedValues(review.proposal, hash: paper.newHash)
        let base = try currentApproved(subject: paper.subject, environment: .live, policy: policy, now: now)
        var details = "promoted_from: \(id)\n"
        if let values { details += valuesBlock(strategy: paper.subject, values) + diffBlock(old: base?.values, new: values) }
        details += try paperRecordBlock(paper.newHash, strategyHash: paper.strategyHash, guardrailPolicy: guardrailPolicy, policy: policy, actor: key.owner, now: now, log: log)
        let draft = ApprovalStore.Draft(
            target: .params, subject: paper.subject, environment: .live, baseHash: base?.hash ?? "none", newHash: paper.newHash,
            strategyHash: paper.strategyHash, symbols: symbols, guardrailPolicy: guardrailPolicy, file: "(promoted from \(id))", reason: reason, details: details
        )
        let statement = try store.propose(draft, key: key, policy: policy, now: now)
        try store.audit("promotion", actor: key.owner, subject: statement.proposal, details: ["from": id, "new": paper.newHash, "guardrail_policy": guardrailPolicy], now: now)
        return statement
    }

    /// `spark policy propose FILE`: a change to a policy file, bound to its hash, for role risk to approve.
    public func proposePolicy(
        file: String, reason: String, key: SigningKey, now: Date, policyHash: @Sendable (String) throws -> String = LaunchGate.fileSHA256
    ) throws -> Statement {
        let policy = try policy()
        let name = (file as NSString).lastPathComponent
        let hash = try policyHash(file)
        let (keys, record) = try store.trusted()
        let previous = store.reviews(policy: policy, keys: keys, record: record, now: now)
            .filter { $0.wasApproved && $0.statement?.target == .policy && $0.statement?.subject == name }
            .max { $0.proposal.sequence < $1.proposal.sequence }
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        let details = "content: |\n" + text.split(separator: "\n", omittingEmptySubsequences: false).map { "  \($0)" }.joined(separator: "\n") + "\n"
        let draft = ApprovalStore.Draft(
            target: .policy, subject: name, environment: .live, baseHash: previous?.statement?.newHash ?? "none", newHash: hash,
            strategyHash: "", symbols: [], file: file, reason: reason, details: details
        )
        return try store.propose(draft, key: key, policy: policy, now: now)
    }

    /// The newest approved proposal for a strategy in an environment: its hash, and its values when recorded.
    func currentApproved(subject: String, environment: DeploymentEnvironment, policy: ApprovalPolicy, now: Date) throws -> (hash: String, values: [String: ParamValue]?)? {
        let (keys, record) = try store.trusted()
        let latest = store.reviews(policy: policy, keys: keys, record: record, now: now)
            .filter { $0.wasApproved && $0.statement?.target == .params && $0.statement?.subject == subject && $0.statement?.environment == environment }
            .max { $0.proposal.sequence < $1.proposal.sequence }
        guard let latest, let statement = latest.statement else { return nil }
        return (statement.newHash, recordedValues(latest.proposal, hash: statement.newHash))
    }

    /// The canonical values a proposal recorded, if they still hash to what was signed.
    func recordedValues(_ proposal: StoredProposal, hash: String) -> [String: ParamValue]? {
        guard let document = proposal.document,
              let found = document.split(separator: "\n").first(where: { $0.hasPrefix("values: ") }),
              case let line = String(found.dropFirst(8)),
              let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let strategy = object["strategy"] as? String, let raw = object["values"] as? [String: Any]
        else { return nil }
        var values: [String: ParamValue] = [:]
        for (key, value) in raw {
            switch value {
            case let text as String: values[key] = .string(text)
            case let number as NSNumber:
                // The line is canonical, so a boolean is spelled exactly `"key":true` or `"key":false`.
                let quoted = CanonicalJSON.string(key).text
                if line.contains(quoted + ":true") || line.contains(quoted + ":false") {
                    values[key] = .bool(line.contains(quoted + ":true"))
                } else {
                    values[key] = ParamValue.parse("\(number)")
                }
            default: return nil
            }
        }
        return ParamSetIdentity(strategy: strategy, values: values).sha256 == hash ? values : nil
    }

    /// The canonical form on one line, so the next proposal can diff against it.
    private func valuesBlock(strategy: String, _ values: [String: ParamValue]) -> String {
        "values: " + ParamSetIdentity(strategy: strategy, values: values).canonical + "\n"
    }

    private func diffBlock(old: [String: ParamValue]?, new: [String: ParamValue]) -> String {
        guard let old else { return "diff: [] # first proposal for this strategy and environment\n" }
        let lines = ParamDiff(old: old, new: new).lines
        return "diff:\n" + lines.map { "  - \(CanonicalJSON.string($0).text)" }.joined(separator: "\n") + "\n"
    }

    private func evidenceBlock(resolved: Resolved, base: [String: ParamValue]?, data: EvidenceData, log: @escaping (String) -> Void) throws -> String {
        func run(_ values: [String: ParamValue]) throws -> BacktestReport {
            var request = BacktestRequest(strategyPath: resolved.strategyPath, data: .csv(path: data.csvPath), symbol: data.symbol)
            request.overrides = values
            request.instrumentsPath = data.instrumentsPath
            request.fillModel = evidenceFillModel
            return try Backtest.run(request, warn: { _ in })
        }
        let new = try run(resolved.values)
        let old = try base.map(run)
        func figure(_ value: Double?) -> String { value.map { String(format: "%.6g", $0) } ?? "n/a" }
        let rows: [(String, (PerformanceMetrics) -> Double?)] = [
            ("total_return", { $0.totalReturn }), ("sharpe", { $0.sharpe }), ("max_drawdown", { $0.maxDrawdown }),
            ("trades", { Double($0.trades) }), ("win_rate", { $0.winRate }), ("profit_factor", { $0.profitFactor }),
            ("fees", { $0.fees }), ("equity_final", { $0.equityFinal }),
        ]
        var text = "evidence:\n  backtest: { data: \(CanonicalJSON.string(data.csvPath).text), symbol: \(data.symbol), bars: \(new.bars) }\n" + costsLine + "  metrics:        # base → new, same data and settings\n"
        for (name, value) in rows {
            text += "    \(name): { base: \"\(old.map { figure(value($0.metrics)) } ?? "none")\", new: \"\(figure(value(new.metrics)))\" }\n"
        }
        return text
    }

    /// The paper record the policy asks for, or a refusal; the record is written to the runtime log
    /// naming the journals it counted by hash.
    private func paperRecordBlock(
        _ hash: String, strategyHash: String, guardrailPolicy: String, policy: ApprovalPolicy, actor: String, now: Date, log: @escaping (String) -> Void
    ) throws -> String {
        guard Grammar.isHash(guardrailPolicy) else {
            throw ApprovalError(.flag, "a live proposal names the guardrail policy its paper sessions ran under", hint: "pass --policy FILE (default policies/default.yaml)")
        }
        let logs = store.logs
        let tracked = try logs.checkedTracked()
        let record = try PaperRecordReader.read(runtime: logs.runtime, paramsHash: hash, strategyHash: strategyHash, guardrailPolicy: guardrailPolicy, log: log)
        let shortfalls = policy.promotion.shortfalls(record)
        guard shortfalls.isEmpty else {
            throw ApprovalError(.refused, "promotion to live refused: \(shortfalls.joined(separator: "; "))", file: logs.runtime.path, hint: "run the approved param set in paper on a live market feed in real time until the record meets policies/approval.yaml")
        }
        do {
            try logs.runtimeLog(checkedAgainst: tracked).append(kind: "paper.record", actor: actor, subject: hash, details: [
                "strategy": strategyHash, "guardrail_policy": guardrailPolicy, "sessions": "\(record.sessions)", "trades": "\(record.trades)",
                "days": String(format: "%.4f", record.days), "journals": record.journals.joined(separator: ","),
            ], at: now)
        } catch {
            throw GovernanceLogs.refusal(error, what: "the runtime log")
        }
        return "paper_record: { sessions: \(record.sessions), days: \(String(format: "%.2f", record.days)), trades: \(record.trades), max_drawdown: \(String(format: "%.4f", record.maxDrawdown)), journals: [\(record.journals.joined(separator: ", "))] }\n"
    }

    /// What an approver sees before signing `id`: what is in force, what the proposal changes it to,
    /// the value diff, symbols and expiry.
    public func approvalPreview(_ id: String, now: Date) throws -> String {
        let policy = try policy()
        let (keys, record) = try store.trusted()
        let reviews = store.reviews(policy: policy, keys: keys, record: record, now: now)
        guard let review = reviews.first(where: { $0.proposal.id == id }), let statement = review.statement else {
            _ = try store.proposal(id)
            throw ApprovalError(.state, "proposal \(id) cannot be read: \(reviews.first { $0.proposal.id == id }?.problems.joined(separator: "; ") ?? "unreadable")")
        }
        let current = ApprovalStore.inForce(statement.target, subject: statement.subject, environment: statement.environment, among: reviews, excluding: id)
        var lines = [
            "proposal \(id) by \(review.proposer ?? "?"): \(statement.target == .policy ? "policy \(statement.subject)" : "\(statement.subject) params") for \(statement.environment.rawValue)",
            "in force: \(current.map { "\($0.statement!.newHash.prefix(12)) (proposal \($0.proposal.id))" } ?? "nothing")",
            "proposed: \(statement.newHash.prefix(12)) over base \(statement.baseHash.prefix(12))",
        ]
        if statement.target == .params {
            lines.append("symbols: \(statement.symbolText); guardrail policy: \(statement.guardrailPolicy.isEmpty ? "any" : String(statement.guardrailPolicy.prefix(12)))")
            let new = recordedValues(review.proposal, hash: statement.newHash)
            let old = current.flatMap { recordedValues($0.proposal, hash: $0.statement!.newHash) }
            if let new {
                lines += old.map { ParamDiff(old: $0, new: new).lines } ?? ["(nothing in force: every value is new)"] + ParamDiff(old: [:], new: new).lines
            } else {
                lines.append("(the proposal's recorded values do not hash to what was signed; read approvals/proposals/\(id)/proposal.yaml with care)")
            }
        }
        lines.append("expires: \(ApprovalTime.format(statement.expires))")
        return lines.map(DisplayText.escape).joined(separator: "\n")
    }
}
