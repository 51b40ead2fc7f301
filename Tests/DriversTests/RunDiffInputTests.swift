import Foundation
import Testing
@testable import Drivers
import Engine

/// `spark diff` across kinds (a backtest against a paper session) and on inputs that are not runs.
@Suite("spark diff compares a backtest with a paper session and refuses what is not a run")
struct RunDiffInputTests {
    /// A paper session of sma_cross over the reference bars under the default policy, fees 2/`taker` bps, slippage 1.
    func paper(taker: Double = 4) async throws -> String {
        let journal = Paths.scratch("paper") + "/session.jsonl"
        var request = PaperRequest(project: try TestProject.make(), strategyPath: Paths.repo("strategies/sma_cross.lua"), feedPath: RunDiffTests.bars, symbol: "REF", journalPath: journal)
        request.overrides = ["size": .number(1)]
        request.fillModel = FillModel(makerFeeBps: 2, takerFeeBps: taker, slippageBps: 1)
        _ = try await Paper.run(try ApprovalFixture.approved(request), clock: ContinuousClock(), wallTime: "2026-01-01T00:00:00Z", log: { _ in })
        return journal
    }

    @Test("a backtest and a paper session over the same bars with the same settings agree fill for fill")
    func backtestAgainstPaper() async throws {
        let journal = try await paper()
        let evidence = try RunDiffTests().backtest()
        let outcome = try RunDiffTests().diff(evidence, journal)
        #expect(outcome.stdout.contains("(backtest)") && outcome.stdout.contains("(paper)"), "\(outcome.output)")
        #expect(outcome.status == 0 && outcome.stdout.contains("identical: 73 orders, 66 fills"), "same strategy, params, policy, fills and bars: \(outcome.output)")
    }

    @Test("a paper session with another taker fee than the backtest parts at a fill's fee, and the diff names the fee")
    func paperWithAnotherFee() async throws {
        let journal = try await paper(taker: 10)
        let outcome = try RunDiffTests().diff(try RunDiffTests().backtest(), journal, json: true)
        #expect(outcome.status == 1, "\(outcome.output)")
        let found = try RunDiffTests().cause(outcome)
        #expect(found.setting == "fill_model.taker_fee_bps" && found.stream == "fill" && found.fields == ["fee"], "\(outcome.stdout)")
    }

    @Test("two paper sessions that differ in the taker fee are compared bar by bar and fill by fill, and the diff names the fee")
    func twoPaperSessions() async throws {
        let (a, b) = (try await paper(), try await paper(taker: 10))
        let outcome = try RunDiffTests().diff(a, b, json: true)
        #expect(outcome.status == 1, "\(outcome.output)")
        let found = try RunDiffTests().cause(outcome)
        #expect(found.setting == "fill_model.taker_fee_bps" && found.stream == "fill" && found.fields == ["fee"], "the bars agree: \(outcome.stdout)")
        #expect(try RunDiffTests().diff(a, a).status == 0)
    }

    @Test("a path that does not exist is refused with exit 2, naming the path")
    func missingPath() throws {
        let missing = Paths.scratch("diff") + "/nothing-here"
        let outcome = try RunDiffTests().diff(missing, missing)
        #expect(outcome.status == 2 && outcome.stderr.contains(missing) && outcome.stderr.contains("no such file or directory"), "\(outcome.output)")
        #expect(outcome.stderr.contains("spark backtest --out DIR"), "says what to give instead")
    }

    @Test("a directory without report.json is refused as not an evidence directory")
    func notEvidence() throws {
        let empty = Paths.scratch("diff")
        let outcome = try RunDiffTests().diff(empty, empty)
        #expect(outcome.status == 2 && outcome.stderr.contains("not an evidence directory: report.json is missing") && outcome.stderr.contains(empty), "\(outcome.output)")
    }

    @Test("a file that is not a journal is refused at its first line")
    func unreadableJournal() throws {
        let file = Paths.write("time,open,high,low,close,volume\n", named: "bars.csv")
        let outcome = try RunDiffTests().diff(file, file)
        #expect(outcome.status == 2 && outcome.stderr.contains("\(file):1") && outcome.stderr.contains("not a journal header"), "\(outcome.output)")
        #expect(outcome.stderr.contains("spark diff reads paper journals"))
    }

    @Test("sweep evidence is refused as an incompatible kind: diff compares single runs")
    func sweepEvidence() throws {
        let sweep = Paths.scratch("diff")
        _ = FileManager.default.createFile(atPath: sweep + "/run.json", contents: Data(#"{"kind":"sweep"}"#.utf8))
        let outcome = try RunDiffTests().diff(try RunDiffTests().backtest(), sweep)
        #expect(outcome.status == 2 && outcome.stderr.contains("this is sweep evidence, not a backtest") && outcome.stderr.contains("\(sweep)/run.json"), "\(outcome.output)")
    }

    @Test("evidence without fills.csv is refused with how to get one")
    func evidenceWithoutFills() throws {
        let evidence = try RunDiffTests().backtest()
        try FileManager.default.removeItem(atPath: evidence + "/fills.csv")
        let outcome = try RunDiffTests().diff(evidence, evidence)
        #expect(outcome.status == 2 && outcome.stderr.contains("the evidence lacks fills.csv") && outcome.stderr.contains("re-run the backtest"), "\(outcome.output)")
    }

    @Test("a report.json that is not JSON is refused, naming the file")
    func brokenReport() throws {
        let evidence = try RunDiffTests().backtest()
        try "{ not json".write(toFile: evidence + "/report.json", atomically: true, encoding: .utf8)
        let outcome = try RunDiffTests().diff(evidence, evidence)
        #expect(outcome.status == 2 && outcome.stderr.contains("\(evidence)/report.json") && outcome.stderr.contains("not a JSON object"), "\(outcome.output)")
    }
}
