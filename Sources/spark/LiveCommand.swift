import Approvals
import ArgumentParser
import Foundation
import Live
import LiveLaunch

extension Spark {
    /// `spark live`: real orders on the exchange in spark.yaml's `live:`, under the live gate.
    struct LiveTrading: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "live",
            abstract: "Trade a strategy live on Binance spot, under its live approval, with every input journaled first.",
            discussion: """
            Starts only when the project's live approvals cover exactly what runs: the params and strategy (live quorum, approved for paper first), the guardrail policy (--policy, one of the project's) and every policy file. The credentials file is named in spark.yaml (live.credentials) or SPARK_LIVE_CREDENTIALS, never by a flag; it must be owner-only (chmod 600) and pin this project and its risk keys (docs/live.md).

            Before any order the session adopts the account's balances (first start) or rebuilds the state of the journal it continues (--resume), then reconciles with the exchange: open orders, fills made while it was down, balances. Every input (bar, exchange answer, user-stream event, timer, operator control) is journaled before it is applied, and every order intent is fsynced before it is sent; `spark replay JOURNAL` reproduces the session's decisions. An order whose outcome is unknown is queried, never sent again.

            The kill switch (spark kill on --level 1|2) and flatten requests (spark flatten) reach the session within a second. Ctrl-C stops taking bars and leaves open orders working on the exchange (spot has no cancel-on-disconnect): resume with --resume to reconcile them, or engage level 2 first to cancel them.

            Example:
              spark live --strategy strategies/sma_cross.lua --symbol BTCUSDT --params params/sma_cross/live.yaml
              spark live --strategy strategies/sma_cross.lua --symbol BTCUSDT --resume out/live/sma_cross-2026-01-01T00-00-00.000Z.jsonl
            """
        )

        @Option(name: .long, help: ArgumentHelp("The strategy's Lua file.", valueName: "file"))
        var strategy: String

        @Option(name: .long, help: ArgumentHelp("The exchange symbol, e.g. BTCUSDT.", valueName: "symbol"))
        var symbol: String

        @Option(name: .long, help: ArgumentHelp("A param set file (params/<strategy>/<name>.yaml).", valueName: "file"))
        var params: String?

        @Option(name: .long, help: ArgumentHelp("The guardrail policy, one of the project's (default: policies/default.yaml).", valueName: "file"))
        var policy: String?

        @Option(name: .long, help: ArgumentHelp("Bar interval of the market feed.", valueName: "interval"))
        var interval = "1m"

        @Option(name: .long, help: ArgumentHelp("Journal path, never overwritten (default: out/live/<strategy>-<time>.jsonl).", valueName: "file"))
        var journal: String?

        @Option(name: .long, help: ArgumentHelp("Continue the session whose journal this is (after a crash or a stop).", valueName: "journal"))
        var resume: String?

        @Option(name: .long, help: ArgumentHelp("Stop after this many closed bars.", valueName: "n"))
        var bars: Int?

        @Option(name: .long, help: ArgumentHelp("Append a line of telemetry (JSON) to this file every second: what spark serve's executor reads.", valueName: "file"))
        var telemetry: String?

        @OptionGroup var store: StoreOption

        func validate() throws {
            if let bars, bars < 1 { throw ValidationError("--bars \(bars): expected at least 1") }
            if let resume, !FileManager.default.fileExists(atPath: resume) { throw ValidationError("--resume \(resume): no such journal") }
        }

        func run() async throws {
            let project = try CLI.project()
            let stamp = ApprovalTime.format(CLI.now()).replacingOccurrences(of: ":", with: "-")
            let name = ((strategy as NSString).lastPathComponent as NSString).deletingPathExtension
            let journalPath = journal ?? "out/live/\(name)-\(stamp).jsonl"
            try CLI.ensureDirectory(for: journalPath)
            var request = LiveLaunchRequest(project: project, strategyPath: strategy, symbol: symbol, journalPath: journalPath)
            request.paramsPath = params
            request.policyPath = policy
            request.interval = interval
            request.previousJournal = resume
            request.maxBars = bars
            request.telemetryPath = telemetry
            request.actor = ProcessInfo.processInfo.environment["USER"] ?? "unknown"
            let launch = try CLI.guarded { try LiveLaunch.prepare(request, environment: ProcessInfo.processInfo.environment, now: CLI.now()) }
            try CLI.ensureDirectory(for: store.db)
            let feed = try CLI.guarded { try MarketBars(launch, databasePath: store.db, log: CLI.warn) }
            let sources = Spark.stopOnSignals { Task { await feed.stop() } }
            defer { sources.forEach { $0.cancel() } }
            print("live: \(symbol) on \(launch.settings.restURL) as account \(launch.settings.account); journal \(journalPath)")
            let status = try await CLI.guarded {
                let calls = CallTally()
                return try await launch.run(gateway: launch.gateway(observer: calls.record), bars: feed, calls: calls, log: CLI.warn) { stopRequested.load(ordering: .relaxed) }
            }
            LiveReport.print(status, journal: journalPath)
        }
    }
}
