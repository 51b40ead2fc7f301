import Foundation
import Testing
@testable import Drivers
import Engine
import LuaRuntime
import SparkConfig

/// What a paper session does when a script defeats a budget: a Lua rule's wall-clock overrun is
/// journaled and replayed at the same check; a C call past the backstop ends the process with the
/// reason in the journal, and the journal still replays.
@Suite("Session bounds", .serialized)
struct SessionBoundsTests {
    func request(_ strategy: String, journal: String, project: Project) -> PaperRequest {
        var request = PaperRequest(project: project, strategyPath: strategy, feedPath: Paths.fixture("sma_reference_bars.csv"), symbol: "REF", journalPath: journal)
        request.overrides = ["size": .number(1)]
        return request
    }

    @Test("a Lua rule's wall-clock overrun in paper is journaled, and the replay rejects at the same check")
    func ruleOverrunReplays() async throws {
        let project = try TestProject.make()
        try FileManager.default.createDirectory(atPath: project.policiesDirectory + "/rules", withIntermediateDirectories: true)
        // Its tenth check loops forever: the 50 ms wall-clock budget stops it.
        try """
        local checks = 0
        function check(order, ctx)
          checks = checks + 1
          if checks == 10 then while true do end end
          return true
        end
        """.write(toFile: project.policiesDirectory + "/rules/stall.lua", atomically: true, encoding: .utf8)
        try """
        policy: stall
        applies_to: { strategies: ["*"], modes: [backtest, paper] }
        rules:
          - id: stall
            lua: { file: rules/stall.lua }
        """.write(toFile: project.policiesDirectory + "/stall.yaml", atomically: true, encoding: .utf8)
        let journal = Paths.scratch("rule-overrun") + "/session.jsonl"
        var paper = request(Paths.repo("strategies/sma_cross.lua"), journal: journal, project: project)
        paper.policyPath = project.policiesDirectory + "/stall.yaml"
        paper.overrides = ["fast": .int(5), "slow": .int(12), "size": .number(1)]
        let summary = try await Paper.run(try ApprovalFixture.approved(paper), clock: ContinuousClock(), wallTime: "2026-01-01T00:00:00Z", log: { _ in })
        #expect(summary.failure == nil, "the strategy never pays for the rule")
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        #expect(text.contains("\"type\":\"rule_overrun\""))
        #expect(text.contains("time budget of 50 ms exceeded"))
        let outcome = try Replay.run(journalPath: journal, log: { _ in })
        #expect(outcome.matches, "first mismatch: \(String(describing: outcome.firstMismatch))")
    }

    @Test("a C call past the backstop ends a paper session with the reason journaled, and the journal replays")
    func backstopIsJournaled() async throws {
        let environment = ProcessInfo.processInfo.environment
        if let journal = environment["SPARK_BACKSTOP_JOURNAL"], let root = environment["SPARK_BACKSTOP_PROJECT"] {
            // The child: a strategy whose 30th bar starts a C search of many seconds, with the
            // per-call limit lifted so only the backstop can end it.
            let strategy = Paths.write("""
            strategy = { name = "stuck", params = { size = { type = "number", default = 1 } } }
            local n, s = 0, ("a"):rep(60000)
            function on_bar(ctx, bar)
              n = n + 1
              if n == 3 then ctx:buy{ qty = 1 } end
              if n == 30 then return s:find(".-b") end
            end
            """, named: "stuck.lua")
            var paper = request(strategy, journal: journal, project: try Project(root: root))
            paper.limits = LuaLimits(timeBudget: .milliseconds(100), cCallLimit: .seconds(3600), backstop: .milliseconds(600))
            _ = try await Paper.run(try ApprovalFixture.approved(paper), clock: ContinuousClock(), wallTime: "2026-01-01T00:00:00Z", log: { _ in })
            return
        }
        let project = try TestProject.make()
        let journal = Paths.scratch("backstop") + "/session.jsonl"
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        child.arguments = (CommandLine.arguments.count > 1 && CommandLine.arguments[1].hasSuffix(".xctest") ? [CommandLine.arguments[1]] : [])
            + ["--testing-library", "swift-testing", "--filter", "backstopIsJournaled"]
        var childEnvironment = environment
        childEnvironment["SPARK_BACKSTOP_JOURNAL"] = journal
        childEnvironment["SPARK_BACKSTOP_PROJECT"] = project.root
        child.environment = childEnvironment
        let errors = Pipe()
        child.standardError = errors
        child.standardOutput = FileHandle.nullDevice
        try child.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        child.waitUntilExit()
        #expect(child.terminationStatus == 70, "\(stderr.suffix(800))")
        #expect(stderr.contains("stuck.lua: a Lua call has run for"), "\(stderr.suffix(800))")
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        #expect(text.contains("\"type\":\"backstop\""))
        var warnings: [String] = []
        let outcome = try Replay.run(journalPath: journal, log: { warnings.append($0) })
        #expect(outcome.firstMismatch == nil, "\(String(describing: outcome.firstMismatch))")
        #expect(warnings.contains { $0.contains("ended by the sandbox's backstop") }, "\(warnings)")
    }
}
