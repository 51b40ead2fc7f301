import Foundation
import Testing
import Approvals
@testable import Drivers

/// The operator-safety attacks of issue 12, run against the `spark` binary in temporary projects.
@Suite("Operator safety: project, kill switch, flatten, session locks")
struct OperatorSafetyTests {
    /// A strategy that buys `size` on its first bar, then tries to add 0.001 every bar: its position is
    /// open from the second bar on, and every later order shows whether the kill switch holds.
    static let holdStrategy = """
    strategy = { name = "hold", params = { size = { type = "number", min = 0.001, default = 1 } } }
    function on_bar(ctx, bar)
      if not ctx.state.bought then
        ctx:buy{ qty = ctx.params.size }
        ctx.state.bought = true
      else
        ctx:buy{ qty = 0.001 }
      end
    end
    """

    /// A temporary project whose `hold` strategy (or sma_cross) is approved for paper now.
    static func project(policy: String = "policy: test\nrules:\n  - { id: max-notional, max_order_notional: { limit: 1000 } }\n", strategy: String = "hold") throws -> (Project, strategyPath: String) {
        let project = try TestProject.make("operator")
        try policy.write(toFile: project.policiesDirectory + "/default.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: project.strategiesDirectory, withIntermediateDirectories: true)
        let strategyPath = strategy == "hold" ? project.strategiesDirectory + "/hold.lua" : Paths.repo("strategies/\(strategy).lua")
        if strategy == "hold" { try holdStrategy.write(toFile: strategyPath, atomically: true, encoding: .utf8) }
        let request = PaperRequest(project: project, strategyPath: strategyPath, feedPath: Paths.fixture("sma_reference_bars.csv"), symbol: "REF", journalPath: "unused")
        _ = try ApprovalFixture.approved(request, at: Date().addingTimeInterval(-60))
        return (project, strategyPath)
    }

    static func paperArguments(strategy: String, journal: String, speed: String = "1200") -> [String] {
        ["paper", "--strategy", strategy, "--feed", Paths.fixture("sma_reference_bars.csv"), "--symbol", "REF", "--speed", speed, "--journal", journal]
    }

    static func journal(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    static func bars(in path: String) -> Int { journal(path).components(separatedBy: "\"type\":\"bar\"").count - 1 }

    /// Whether a flatten order was submitted and a fill for that order id followed.
    static func flattenFilled(_ journal: String) -> Bool {
        let lines = journal.split(separator: "\n")
        guard let submitted = lines.first(where: { $0.contains("\"kind\":\"submitted\"") && $0.contains("\"origin\":\"risk\"") }),
              let range = submitted.range(of: "\"order\":") else { return false }
        let id = submitted[range.upperBound...].prefix { $0.isNumber }
        return lines.contains { $0.contains("\"kind\":\"fill\"") && $0.contains("\"order\":\(id),") }
    }

    static func interrupt(_ session: SparkCLI.Running) -> SparkCLI.Outcome {
        kill(session.process.processIdentifier, SIGINT)
        return session.finish()
    }

    @Test("outside a project, kill and breaker reset refuse and write nothing where they run")
    func outsideProject() throws {
        let elsewhere = Paths.scratch("not-a-project")
        for arguments in [["kill", "on", "--reason", "x"], ["breaker", "reset", "drawdown", "--strategy", "s", "--reason", "x"], ["breaker", "status"], ["audit", "verify"]] {
            let outcome = try SparkCLI.run(arguments, in: elsewhere)
            #expect(outcome.status == 1, "\(arguments)")
            #expect(outcome.stderr.contains("not inside a Spark project"), "\(outcome.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty, "no ./state/KILL or anything else")
    }

    @Test("backtests, strategy check and data commands work outside a project; a backtest there names its missing default policy")
    func worksAnywhere() throws {
        let elsewhere = Paths.scratch("anywhere")
        let bars = Paths.fixture("sma_reference_bars.csv"), strategy = Paths.repo("strategies/sma_cross.lua")
        #expect(try SparkCLI.run(["strategy", "check", strategy], in: elsewhere).status == 0)
        #expect(try SparkCLI.run(["backtest", "--strategy", strategy, "--data", bars, "--symbol", "REF", "--no-policy"], in: elsewhere).status == 0)
        #expect(try SparkCLI.run(["backtest", "--strategy", strategy, "--data", bars, "--symbol", "REF", "--policy", Paths.repo("policies/default.yaml")], in: elsewhere).status == 0)
        #expect(try SparkCLI.run(["data", "import", bars, "--symbol", "REF", "--interval", "1m", "--db", elsewhere + "/bars.db"], in: elsewhere).status == 0)
        let unguarded = try SparkCLI.run(["backtest", "--strategy", strategy, "--data", bars, "--symbol", "REF"], in: elsewhere)
        #expect(unguarded.status == 1)
        #expect(unguarded.stderr.contains("pass --policy FILE, or --no-policy"), "\(unguarded.stderr)")
    }

    @Test("kill and reset from a subdirectory act on the project above it and say which; SPARK_PROJECT works from anywhere")
    func fromSubdirectory() throws {
        let project = try TestProject.make("subdir")
        let deep = project.root + "/strategies/notes"
        try FileManager.default.createDirectory(atPath: deep, withIntermediateDirectories: true)
        let on = try SparkCLI.run(["kill", "on", "--reason", "from a subdirectory"], in: deep)
        #expect(on.status == 0, "\(on.stderr)")
        #expect(on.stdout.hasPrefix("project test: \(project.root)\n"), "\(on.stdout)")
        #expect(GuardStateStore(directory: project.stateDirectory).killReason() == "from a subdirectory")
        #expect(!FileManager.default.fileExists(atPath: deep + "/state"))
        let off = try SparkCLI.run(["kill", "off"], in: Paths.scratch("elsewhere"), environment: ["SPARK_PROJECT": project.root])
        #expect(off.status == 0, "\(off.stderr)")
        #expect(GuardStateStore(directory: project.stateDirectory).killReason() == nil)
    }

    @Test("paper takes no approvals, policies or state folder from a flag, and no guardrail policy from outside the project")
    func noForeignFolders() throws {
        let (project, strategy) = try Self.project()
        let journal = Paths.scratch("j") + "/s.jsonl"
        for flag in [["--approvals", Paths.scratch("forged")], ["--policies", Paths.scratch("lenient")], ["--state-dir", Paths.scratch("state")]] {
            let outcome = try SparkCLI.run(Self.paperArguments(strategy: strategy, journal: journal, speed: "max") + flag, in: project.root)
            #expect(outcome.status != 0, "\(flag[0]) must not exist")
            #expect(outcome.stderr.contains("Unknown option '\(flag[0])'"), "\(outcome.stderr)")
        }
        let lax = Paths.write("policy: lax\nrules: []\n", named: "lax.yaml")
        let outcome = try SparkCLI.run(Self.paperArguments(strategy: strategy, journal: journal, speed: "max") + ["--policy", lax], in: project.root)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("outside the project's policies directory"), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: journal))
    }

    @Test("kill on from a subdirectory lists and reaches the running session; flatten then closes its position through the engaged switch")
    func killAndFlatten() throws {
        let (project, strategy) = try Self.project()
        let journal = Paths.scratch("paper") + "/session.jsonl"
        let session = try SparkCLI.start(Self.paperArguments(strategy: strategy, journal: journal), in: project.root)
        #expect(session.wait { _ in Self.bars(in: journal) >= 3 }, "the session started: \(session.stderr)")

        let kill = try SparkCLI.run(["kill", "on", "--reason", "exchange incident"], in: project.root + "/strategies")
        #expect(kill.status == 0, "\(kill.stderr)")
        #expect(kill.stdout.contains("it reaches 1 running session(s):"), "\(kill.stdout)")
        #expect(kill.stdout.contains("hold on REF  pid \(session.process.processIdentifier)"), "\(kill.stdout)")
        #expect(session.wait { _ in Self.journal(journal).contains("\"kind\":\"kill_on\"") }, "the session saw the switch")
        #expect(session.wait { _ in Self.journal(journal).contains("\"rule\":\"kill-switch\"") }, "the strategy's next order was rejected")

        let flatten = try SparkCLI.run(["flatten", "--strategy", "hold", "--reason", "close out"], in: project.root)
        #expect(flatten.status == 0, "\(flatten.stderr)")
        #expect(flatten.stdout.contains("pid \(session.process.processIdentifier)"), "\(flatten.stdout)")
        #expect(session.wait { _ in Self.journal(journal).contains("\"kind\":\"flatten\"") })
        // The flatten's own order fills while the switch is still on (not the end-of-run close-out).
        #expect(session.wait { _ in Self.flattenFilled(Self.journal(journal)) }, "the flatten order filled")

        let outcome = Self.interrupt(session)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("rejections by rule: kill-switch "), "\(outcome.stdout)")
        let lines = Self.journal(journal).split(separator: "\n")
        #expect(lines.last?.contains("\"type\":\"end\"") == true)
        let afterFlatten = lines.drop { !$0.contains("\"origin\":\"risk\"") }
        #expect(!afterFlatten.contains { $0.contains("\"kind\":\"submitted\"") && $0.contains("\"origin\":\"strategy\"") }, "no strategy order passed the switch")
        let replay = try SparkCLI.run(["replay", journal], in: Paths.scratch("anywhere"))
        #expect(replay.status == 0, "the flatten replays: \(replay.stdout)")
        let runtime = try String(contentsOfFile: project.stateDirectory + "/runtime.log", encoding: .utf8)
        #expect(runtime.contains("\"kind\":\"flatten.requested\""))
        let tracked = try String(contentsOfFile: project.approvalsDirectory + "/audit.log", encoding: .utf8)
        #expect(!tracked.contains("flatten") && !tracked.contains("kill."), "the tracked log holds only acts by people")
    }

    @Test("flatten with no running session of the strategy refuses and queues nothing")
    func flattenWithoutSession() throws {
        let project = try TestProject.make("flat")
        let outcome = try SparkCLI.run(["flatten", "--strategy", "hold", "--reason", "x"], in: project.root)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("no session of strategy hold is running"), "\(outcome.stderr)")
        #expect(!GuardStateStore(directory: project.stateDirectory).hasPendingRequests(strategy: "hold"))
    }

    @Test("a second session of a strategy is refused with the holder's pid; after kill -9 of the holder a restart runs")
    func oneSessionPerStrategy() throws {
        let (project, strategy) = try Self.project()
        let firstJournal = Paths.scratch("a") + "/1.jsonl"
        let first = try SparkCLI.start(Self.paperArguments(strategy: strategy, journal: firstJournal), in: project.root)
        #expect(first.wait { _ in Self.bars(in: firstJournal) >= 2 }, "the first session runs: \(first.stderr)")

        let second = try SparkCLI.run(Self.paperArguments(strategy: strategy, journal: Paths.scratch("b") + "/2.jsonl"), in: project.root)
        #expect(second.status == 1)
        #expect(second.stderr.contains("strategy hold already has a running session in this project (pid \(first.process.processIdentifier)"), "\(second.stderr)")

        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        let restartJournal = Paths.scratch("c") + "/3.jsonl"
        let restart = try SparkCLI.start(Self.paperArguments(strategy: strategy, journal: restartJournal), in: project.root)
        #expect(restart.wait { _ in Self.bars(in: restartJournal) >= 2 }, "the restart runs: \(restart.stderr)")
        #expect(Self.interrupt(restart).status == 0)
    }

    @Test("the breaker reset hint paper prints works as written")
    func resetHintWorks() throws {
        let (project, strategy) = try Self.project()
        try GuardStateStore(directory: project.stateDirectory).save(
            .init(policyHash: "x", breakers: ["loss-streak": .init(mode: .halted, trippedAt: 0, reason: "4 losses")]), strategy: "hold"
        )
        try "policy: test\nrules: []\nbreakers:\n  - { id: loss-streak, when: { consecutive_losses: 4 }, action: halted, reset: manual }\n"
            .write(toFile: project.policiesDirectory + "/default.yaml", atomically: true, encoding: .utf8)
        let paper = try SparkCLI.run(Self.paperArguments(strategy: strategy, journal: Paths.scratch("h") + "/s.jsonl", speed: "max"), in: project.root)
        #expect(paper.status == 0, "\(paper.stderr)")
        let line = try #require(paper.stderr.split(separator: "\n").first { $0.contains("release it with: ") })
        let command = String(line[line.range(of: "release it with: ")!.upperBound...])
        #expect(command.hasPrefix("spark breaker reset loss-streak --strategy hold --reason "), "\(command)")
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "\"$SPARK\"" + command.dropFirst("spark".count)]
        shell.currentDirectoryURL = URL(fileURLWithPath: project.root)
        var environment = ProcessInfo.processInfo.environment
        environment["SPARK"] = SparkCLI.binary
        environment.removeValue(forKey: "SPARK_PROJECT")
        shell.environment = environment
        try shell.run()
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0)
        #expect(GuardStateStore(directory: project.stateDirectory).hasPendingRequests(strategy: "hold"), "the reset is queued")
    }
}
