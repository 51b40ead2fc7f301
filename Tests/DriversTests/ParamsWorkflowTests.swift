import Foundation
import SparkConfig
import Testing
import Approvals
import Audit
@testable import Drivers
@testable import Desk
@testable import Workflow

@Suite("Param diffs, proposals with evidence, and promotion from paper to live")
struct ParamsWorkflowTests {
    static let now = Date(timeIntervalSince1970: 1_767_225_600)

    func workflow() throws -> (ParamsWorkflow, SigningKey, SigningKey) {
        let (workflow, alice, bob) = try ApprovalFixture.desk()
        return (workflow, alice, bob)
    }

    @Test("diff resolves both files against the schema: reordered keys and 0.050 vs 0.05 are no change")
    func equivalentDiff() throws {
        let a = Paths.write("strategy: sma_cross\nvalues: { fast: 10, slow: 30, size: 0.05 }\n", named: "a.yaml")
        let b = Paths.write("strategy: sma_cross\nvalues: { size: 0.050, slow: 30, fast: 10 }\n", named: "b.yaml")
        let text = try ParamsWorkflow(strategiesDirectory: Paths.repo("strategies")).diff(a, b, json: false)
        #expect(text.contains("(no changes)"))
        #expect(text.contains("same canonical hash"))
    }

    @Test("diff names changed keys with old → new and the relative change, as text and JSON")
    func changedDiff() throws {
        let a = Paths.write("strategy: sma_cross\nvalues: { fast: 10, slow: 30, size: 0.05 }\n", named: "a.yaml")
        let b = Paths.write("strategy: sma_cross\nvalues: { fast: 12, slow: 30, size: 0.05 }\n", named: "b.yaml")
        let workflow = ParamsWorkflow(strategiesDirectory: Paths.repo("strategies"))
        #expect(try workflow.diff(a, b, json: false).contains("~ fast: 10 → 12 (+20.00%)"))
        let json = try workflow.diff(a, b, json: true)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let changes = try #require(object["changes"] as? [[String: Any]])
        #expect(changes.count == 1)
        #expect(changes.first?["key"] as? String == "fast")
        #expect(object["same"] as? Bool == false)
    }

    @Test("an unknown key in a param set is refused with its line and column")
    func unknownKey() throws {
        let a = Paths.write("strategy: sma_cross\nvalues: { fast: 10, slow: 30, sizee: 0.05 }\n", named: "a.yaml")
        #expect {
            try ParamsWorkflow(strategiesDirectory: Paths.repo("strategies")).diff(a, a, json: false)
        } throws: { error in
            "\(error)".contains("a.yaml:2:") && "\(error)".contains("unknown parameter 'sizee'")
        }
    }

    @Test("a proposal records the canonical values, the diff against the approved base, and backtest evidence side by side")
    func proposalEvidence() throws {
        let (workflow, alice, bob) = try workflow()
        let base = Paths.write("strategy: sma_cross\nvalues: { fast: 10, slow: 30, size: 1 }\n", named: "base.yaml")
        let evidence = ParamsWorkflow.EvidenceData(csvPath: Paths.fixture("sma_reference_bars.csv"), symbol: "REF")
        let first = try workflow.propose(file: base, environment: .paper, symbols: ["REF"], reason: "base", key: alice, evidence: nil, now: Self.now, log: { _ in })
        _ = try workflow.store.approve(first.proposal, key: bob, policy: try workflow.policy(), now: Self.now)
        let changed = Paths.write("strategy: sma_cross\nvalues: { fast: 12, slow: 30, size: 1 }\n", named: "new.yaml")
        let second = try workflow.propose(file: changed, environment: .paper, symbols: ["REF"], reason: "faster", key: alice, evidence: evidence, now: Self.now, log: { _ in })
        #expect(second.baseHash == first.newHash)
        let document = try String(contentsOfFile: workflow.store.proposalDirectory(second.proposal) + "/proposal.yaml", encoding: .utf8)
        #expect(document.contains("~ fast: 10 → 12 (+20.00%)"))
        #expect(document.contains("total_return: { base: \""))
        #expect(!document.contains("base: \"none\", new"))
        #expect(document.contains("costs: { maker_fee_bps: 0, taker_fee_bps: 0, slippage_bps: 0, fee_base: \"fill notional (qty x fill price)\", fill_rule: next_open, intrabar: adverse, source: \"none set"))
        let status = try workflow.status(proposal: second.proposal, now: Self.now)
        #expect(status.contains("PENDING"))
        #expect(status.contains("missing: 1 more approver"))
    }

    @Test("the evidence backtest charges the project's fees (spark.yaml) and states them")
    func evidenceCosts() throws {
        var (workflow, alice, _) = try workflow()
        workflow.fees = ProjectSettings.Fees(makerBps: 2, takerBps: 4, slippageBps: 1, isSet: true)
        let file = Paths.write("strategy: sma_cross\nvalues: { fast: 10, slow: 30, size: 1 }\n", named: "costly.yaml")
        let evidence = ParamsWorkflow.EvidenceData(csvPath: Paths.fixture("sma_reference_bars.csv"), symbol: "REF")
        let statement = try workflow.propose(file: file, environment: .paper, symbols: ["REF"], reason: "costs", key: alice, evidence: evidence, now: Self.now, log: { _ in })
        let document = try String(contentsOfFile: workflow.store.proposalDirectory(statement.proposal) + "/proposal.yaml", encoding: .utf8)
        #expect(document.contains("costs: { maker_fee_bps: 2, taker_fee_bps: 4, slippage_bps: 1, "))
        #expect(document.contains("source: \"spark.yaml fees\" }"))
        let fees = try #require(document.split(separator: "\n").first { $0.contains("fees: { base:") })
        #expect(!fees.contains("new: \"0\""), "the evidence charged no fees: \(fees)")
    }

    @Test("a proposal without a reason is refused and writes nothing")
    func proposalNeedsReason() throws {
        let (workflow, alice, _) = try workflow()
        let file = Paths.write("strategy: sma_cross\nvalues: { fast: 10, slow: 30, size: 1 }\n", named: "p.yaml")
        #expect(throws: ApprovalError.self) {
            try workflow.propose(file: file, environment: .paper, symbols: ["REF"], reason: "  ", key: alice, evidence: nil, now: Self.now, log: { _ in })
        }
        #expect(workflow.store.proposals().isEmpty)
    }

    /// A paper session of `file` on the reference bars, fed as `feed` at `speed` (nil = max), paced by a
    /// clock that steps one second per read, so receive times advance without sleeping.
    func session(_ workflow: ParamsWorkflow, file: String, feed: FeedKind, speed: Double?, journal: String) async throws {
        let project = try Project(root: (workflow.approvalsDirectory as NSString).deletingLastPathComponent)
        var request = PaperRequest(project: project, strategyPath: Paths.repo("strategies/sma_cross.lua"), feedPath: Paths.fixture("sma_reference_bars.csv"), symbol: "REF", journalPath: journal)
        request.paramsPath = file
        request.feed = feed
        request.speed = speed
        _ = try await Paper.run(request, clock: SteppingClock(), wallTime: "2026-01-01T00:00:00.000Z", log: { _ in })
    }

    @Test("promotion counts only real-time sessions on a live market feed, named by journal hash in the runtime log")
    func promotion() async throws {
        let (workflow, alice, bob) = try workflow()
        let file = Paths.write("strategy: sma_cross\nvalues: { fast: 10, slow: 30, size: 1 }\n", named: "p.yaml")
        let paper = try workflow.propose(file: file, environment: .paper, symbols: ["REF"], reason: "try it", key: alice, evidence: nil, now: Self.now, log: { _ in })
        _ = try workflow.store.approve(paper.proposal, key: bob, policy: try workflow.policy(), now: Self.now)
        let policyHash = try PolicyFile.identity(path: workflow.policiesDirectory + "/default.yaml")
        let journals = Paths.scratch("journals")
        let lenient = try String(contentsOfFile: Paths.repo("policies/approval.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "min_paper_days: 14", with: "min_paper_days: 0.01")
            .replacingOccurrences(of: "min_paper_trades: 50", with: "min_paper_trades: 1")
            .replacingOccurrences(of: "max_drawdown: 0.15", with: "max_drawdown: 0.99")
        try lenient.write(toFile: workflow.policiesDirectory + "/approval.yaml", atomically: true, encoding: .utf8)
        func promote() throws -> Statement {
            try workflow.promote(proposal: paper.proposal, symbols: ["REF"], guardrailPolicy: policyHash, reason: "go live", key: alice, now: Self.now, log: { _ in })
        }

        // A recorded file in real time, and a live feed at max speed or 600×: none of them counts.
        try await session(workflow, file: file, feed: .recordedFile, speed: 1, journal: journals + "/recorded.jsonl")
        try await session(workflow, file: file, feed: FeedKind(name: "test-live", isLiveMarket: true), speed: nil, journal: journals + "/max.jsonl")
        try await session(workflow, file: file, feed: FeedKind(name: "test-live", isLiveMarket: true), speed: 600, journal: journals + "/fast.jsonl")
        #expect {
            try promote()
        } throws: { error in
            "\(error)".contains("no paper session on a live market feed ran with this exact param set")
        }

        try await session(workflow, file: file, feed: FeedKind(name: "test-live", isLiveMarket: true), speed: 1, journal: journals + "/live.jsonl")
        let strict = lenient.replacingOccurrences(of: "min_paper_days: 0.01", with: "min_paper_days: 14")
        try strict.write(toFile: workflow.policiesDirectory + "/approval.yaml", atomically: true, encoding: .utf8)
        #expect {
            try promote()
        } throws: { error in
            "\(error)".contains("paper record too short") && "\(error)".contains("the policy needs 14 days and 1 trades")
        }

        // An edited journal no longer has the hash the runtime log recorded, so it stops counting.
        try lenient.write(toFile: workflow.policiesDirectory + "/approval.yaml", atomically: true, encoding: .utf8)
        let original = try Data(contentsOf: URL(fileURLWithPath: journals + "/live.jsonl"))
        try (original + Data("\n".utf8)).write(to: URL(fileURLWithPath: journals + "/live.jsonl"))
        #expect(throws: ApprovalError.self) { try promote() }
        try original.write(to: URL(fileURLWithPath: journals + "/live.jsonl"))

        let live = try promote()
        #expect(live.environment == .live)
        #expect(live.newHash == paper.newHash)
        #expect(live.guardrailPolicy == policyHash)
        let document = try String(contentsOfFile: workflow.store.proposalDirectory(live.proposal) + "/proposal.yaml", encoding: .utf8)
        #expect(document.contains("paper_record: { sessions: 1"))
        #expect(document.contains(CanonicalJSON.sha256Hex(original)))
        let kinds = try AuditLog(path: workflow.approvalsDirectory + "/audit.log").verify().map(\.kind)
        #expect(kinds.suffix(2) == ["proposal", "promotion"])
        let record = try #require(try workflow.store.logs.runtime.verify().last { $0.kind == "paper.record" })
        #expect(record.details["journals"] == CanonicalJSON.sha256Hex(original))
        #expect(record.details["tracked_head"]?.isEmpty == false)
    }

    @Test("a policy proposal is bound to the policy file's hash")
    func policyProposal() throws {
        let (workflow, alice, _) = try workflow()
        let path = workflow.policiesDirectory + "/approval.yaml"
        let statement = try workflow.proposePolicy(file: path, reason: "initial policy", key: alice, now: Self.now)
        #expect(statement.target == .policy)
        #expect(statement.subject == "approval.yaml")
        #expect(statement.newHash == (try LaunchGate.fileSHA256(path)))
        let canon = String(repeating: "c", count: 64)
        let injected = try workflow.proposePolicy(file: path, reason: "canonical", key: alice, now: Self.now, policyHash: { _ in canon })
        #expect(injected.newHash == canon)
    }
}
