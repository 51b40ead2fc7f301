import Foundation
import Testing
@testable import Drivers
import Engine
import SparkCore

/// README, "Formats and versions" and "What breaks with the session kernel": each claim, run.
@Suite("Formats and versions")
struct FormatVersionTests {
    /// Sizes by cash ÷ price and prices off an average: neither lands on the grid by itself.
    static let offGrid = """
    strategy = { name = "off_grid", params = {} }
    local n = 0
    function on_bar(ctx, bar)
      n = n + 1
      if n == 50 then ctx:buy{ qty = 100 / bar.close / 7, limit = (bar.high + bar.low + bar.close) / 3.0007 } end
      if n == 60 then ctx:buy{ qty = 1 } end
    end
    """

    func run(_ source: String, named name: String) throws -> (BacktestReport, String) {
        let directory = Paths.scratch("formats-\(name)")
        var request = BacktestRequest(strategyPath: Paths.write(source, named: "\(name).lua"), data: .csv(path: Paths.fixture("sma_reference_bars.csv")), symbol: "REF")
        request.policyPath = Paths.repo("policies/default.yaml")
        request.outDirectory = directory
        return (try Backtest.run(request, warn: { _ in }), directory)
    }

    @Test("an off-tick limit and an off-step size are rounded (the buy limit down) before the default policy checks them, and the log shows what it checked")
    func roundedBeforeThePolicy() throws {
        let (report, directory) = try run(Self.offGrid, named: "off_grid")
        let first = try #require(report.orderVerdicts.first)
        #expect(first.rule == nil, "allowed: \(first.reason ?? "")")
        let lines = try String(contentsOfFile: directory + "/decisions.jsonl", encoding: .utf8).split(separator: "\n")
        let line = try #require(lines.first)
        let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let price = try #require(Double(object["price"] as? String ?? ""))
        let qty = try #require(Double(object["qty"] as? String ?? ""))
        #expect((price * 100).rounded() == price * 100, "on the 0.01 tick: \(price)")
        #expect((qty * 100_000).rounded() == qty * 100_000, "on the 0.00001 step: \(qty)")
    }

    @Test("every decisions.jsonl line carries format_version 2, the close-out is logged with its origin, and report.json carries format_version 2")
    func decisionLogAndReportAreVersioned() throws {
        let (_, directory) = try run(Self.offGrid, named: "versions")
        let lines = try String(contentsOfFile: directory + "/decisions.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(!lines.isEmpty && lines.allSatisfy { $0.contains("\"format_version\":2") })
        #expect(lines.contains { $0.contains("\"origin\":\"close_out\"") }, "the close-out is an order decision too")
        let report = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/report.json"))) as? [String: Any])
        #expect(report["format_version"] as? Int == BacktestReport.formatVersion)
    }

    @Test("replay refuses a journal of an older version and says to replay it with the build that wrote it")
    func olderJournalIsRefused() throws {
        let header = #"{"type":"header","version":2,"session":"old"}"#
        let path = Paths.write(header + "\n", named: "old-journal.jsonl")
        do {
            _ = try Replay.run(journalPath: path, log: { _ in })
            Issue.record("an old journal replayed")
        } catch let error as ConfigError {
            #expect(error.message.contains("journal version 2 is not supported (this build reads version \(JournalHeader.currentVersion))"))
            #expect(error.hint?.contains("replay it with the spark build that wrote it") == true)
        }
    }
}
