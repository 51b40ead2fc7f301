import ArgumentParser
import Audit
import Approvals
import Drivers
import Foundation
import Desk
import Engine

extension Spark {
    struct PolicyCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "policy",
            abstract: "Check, test and compare guardrail policies.",
            discussion: "Policies live in policies/*.yaml; docs/policies.md documents every rule kind and breaker. Live trading refuses to start until role risk approved every policy file in force (spark policy propose, docs/approvals.md).",
            subcommands: [Check.self, Test.self, WhatIfCommand.self, PolicyPropose.self]
        )

        struct Check: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "check", 
                abstract: "Validate a policy file strictly and print its canonical SHA-256.",
                discussion: "Exit 1 with file:line:column on the first problem; Lua rules are compiled too. The hash is the policy's identity in decision logs and approvals: reordering keys or rewriting 60s as 1m does not change it."
            )

            @Argument(help: ArgumentHelp("The policy file.", valueName: "file"))
            var file: String

            @Flag(name: .customLong("canonical"), help: "Also print the canonical JSON form that is hashed.")
            var showCanonical = false

            func run() throws {
                let loaded = try CLI.guarded {
                    let loaded = try PolicyFile.load(path: file)
                    try loaded.compileRules()
                    return loaded
                }
                print("\(file): ok  policy \(loaded.policy.name)  \(loaded.policy.rules.count) rules, \(loaded.policy.breakers.count) breakers")
                print("sha256 \(loaded.sha256)")
                if showCanonical { print(loaded.policy.canonicalForm) }
            }
        }

        struct Test: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "test", 
                abstract: "Run a directory of policy test cases and report per-rule coverage.",
                discussion: """
                Each YAML file names a policy and lists cases: a given portfolio and market, an order, and `expect: allow` or `expect: reject RULE-ID`. Exit 1 when a case fails. Coverage lists, per rule, how many cases it allowed and rejected; a rule no case saw reject is marked untested.

                Example:
                  spark policy test policies/tests
                """
            )

            @Argument(help: ArgumentHelp("The directory of test files.", valueName: "dir"))
            var directory: String

            @Option(name: .long, help: ArgumentHelp("The instruments file.", valueName: "file"))
            var instruments: String = "data/instruments.yaml"

            func run() throws {
                let outcome = try CLI.guarded {
                    try PolicyTestRun.run(directory: directory, instrumentsPath: FileManager.default.fileExists(atPath: instruments) ? instruments : nil)
                }
                for result in outcome.cases {
                    print("\(result.passed ? "PASS" : "FAIL")  \(result.name)")
                    if !result.passed { print("      \(result.file):\(result.line): expected \(result.expected), got \(result.actual)") }
                }
                for coverage in outcome.coverage {
                    print("\ncoverage of \(coverage.policy): \(Int((coverage.fraction * 100).rounded()))% of rules seen rejecting")
                    for rule in coverage.rules {
                        let note = rule.rejected == 0 ? "  ← untested: no case makes it reject" : ""
                        print("  \(rule.id.padding(toLength: 18, withPad: " ", startingAt: 0)) allowed \(rule.allowed), rejected \(rule.rejected)\(note)")
                    }
                }
                print("\n\(outcome.cases.count - outcome.failed) passed, \(outcome.failed) failed")
                if outcome.failed > 0 { throw ExitCode.failure }
            }
        }

        struct WhatIfCommand: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "whatif",
                abstract: "Show which orders a policy change would newly reject or allow.",
                discussion: """
                Re-runs a backtest (with spark backtest's data, params and cost flags: --strategy, --data or --db, --symbol, --params, --set, --cash, --fee-bps, --maker-fee-bps, --slippage-bps, --instruments) or a paper journal (--journal) under the policy in force (--base) and the proposed one (--policy), and lists the orders whose verdict changes. Orders after the first change may differ because the strategy reacts to a rejection; they are counted separately.

                Examples:
                  spark policy whatif --policy policies/new.yaml --strategy strategies/sma_cross.lua --data data/sample/BTCUSDT-1m-synthetic.csv --symbol BTCUSDT --set fast=5 --fee-bps 4
                  spark policy whatif --policy policies/new.yaml --journal out/paper/session.jsonl
                """
            )

            @Option(name: .long, help: ArgumentHelp("The proposed policy.", valueName: "file"))
            var policy: String

            @Option(name: .long, help: ArgumentHelp("The policy in force.", valueName: "file"))
            var base: String = "policies/default.yaml"

            @Option(name: .long, help: ArgumentHelp("Re-run this paper journal instead of a backtest.", valueName: "file"))
            var journal: String?

            @Option(name: .long, help: ArgumentHelp("The strategy's Lua file (backtest form).", valueName: "file"))
            var strategy: String?

            @Option(name: .long, help: ArgumentHelp("A CSV file of bars (backtest form).", valueName: "file"))
            var data: String?

            @Option(name: .long, help: ArgumentHelp("The SQLite bar store (backtest form).", valueName: "file"))
            var db: String?

            @Option(name: .long, help: ArgumentHelp("The symbol (backtest form).", valueName: "symbol"))
            var symbol: String?

            @Option(name: .long, help: ArgumentHelp("A param set file.", valueName: "file"))
            var params: String?

            @Option(name: .customLong("set"), help: ArgumentHelp("Override one parameter, e.g. --set fast=12 (repeatable; backtest form).", valueName: "key=value"))
            var sets: [String] = []

            @Option(name: .long, help: "Starting cash.")
            var cash: Double = 10_000

            @OptionGroup var costs: CostOptions

            @Option(name: .long, help: ArgumentHelp("The instruments file (default: data/instruments.yaml when present).", valueName: "file"))
            var instruments: String?

            func validate() throws {
                _ = try RunOptions.overrides(sets)
                if journal != nil, !sets.isEmpty {
                    throw ValidationError("--set applies to the backtest form; a journal re-runs the params it recorded")
                }
                if journal == nil {
                    guard strategy != nil, symbol != nil, (data == nil) != (db == nil) else {
                        throw ValidationError("give --journal FILE, or --strategy, --symbol and one of --data/--db")
                    }
                }
            }

            func run() throws {
                let outcome = try CLI.guarded { () throws -> WhatIf.Outcome in
                    var request: BacktestRequest
                    if let journal {
                        request = try WhatIf.request(fromJournal: journal, scratch: NSTemporaryDirectory() + "spark-whatif-\(getpid())")
                    } else {
                        request = BacktestRequest(strategyPath: strategy!, data: data.map { .csv(path: $0) } ?? .database(path: db!), symbol: symbol!)
                        request.paramsPath = params
                        request.overrides = try RunOptions.overrides(sets)
                        request.cash = cash
                        request.fillModel = FillModel(makerFeeBps: costs.makerBps, takerFeeBps: costs.feeBps, slippageBps: costs.slippageBps)
                        request.instrumentsPath = instruments ?? (FileManager.default.fileExists(atPath: "data/instruments.yaml") ? "data/instruments.yaml" : nil)
                    }
                    return try WhatIf.run(request, basePolicy: base, proposedPolicy: policy, warn: { _ in })
                }
                let baseOrders = outcome.base.orderVerdicts.count, proposedOrders = outcome.proposed.orderVerdicts.count
                print("base     \(base)  \(outcome.base.policySHA256?.prefix(12) ?? "")…  \(baseOrders) orders, \(outcome.base.ordersRejected) rejected, return \(String(format: "%+.2f%%", outcome.base.metrics.totalReturn * 100))")
                print("proposed \(policy)  \(outcome.proposed.policySHA256?.prefix(12) ?? "")…  \(proposedOrders) orders, \(outcome.proposed.ordersRejected) rejected, return \(String(format: "%+.2f%%", outcome.proposed.metrics.totalReturn * 100))")
                print("\nnewly rejected: \(outcome.newlyRejected.count)")
                for change in outcome.newlyRejected.prefix(50) { print("  \(describe(change.order))  → \(change.after ?? "")") }
                print("newly allowed: \(outcome.newlyAllowed.count)")
                for change in outcome.newlyAllowed.prefix(50) { print("  \(describe(change.order))  (was \(change.before ?? ""))") }
                if outcome.onlyInBase + outcome.onlyInProposed > 0 {
                    print("orders the strategy sent in only one run (it reacted to a changed verdict): \(outcome.onlyInBase) base, \(outcome.onlyInProposed) proposed")
                }
            }

            private func describe(_ order: OrderVerdict) -> String {
                "\(ISOTime.string(order.time)) \(order.side) \(order.qty) \(order.symbol) \(order.type)\(order.price.map { " @ \($0)" } ?? "")"
            }
        }
    }

    struct BreakerCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "breaker",
            abstract: "Show circuit breakers, or reset one by hand.",
            subcommands: [Status.self, Reset.self]
        )

        struct Status: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the kill switch, the running sessions and every strategy's breakers, from the project's state directory.")

            func run() throws {
                let project = try CLI.project()
                let store = GuardStateStore(directory: project.stateDirectory)
                print("kill switch: \(store.killReason().map { "ON (\($0))" } ?? "off")")
                let sessions = SessionLock.running(in: SessionLock.directory(stateDirectory: project.stateDirectory))
                print("running sessions: \(sessions.isEmpty ? "none" : sessions.map { "\($0.strategy) (pid \($0.pid))" }.joined(separator: ", "))")
                let all = try CLI.guarded { try store.all() }
                if all.isEmpty { print("no breaker state saved yet (no paper session of this project has run)") }
                for entry in all {
                    print("\(entry.strategy)  policy \(entry.snapshot?.policyHash.prefix(12) ?? "?")…")
                    for (id, state) in (entry.snapshot?.breakers ?? [:]).sorted(by: { $0.key < $1.key }) {
                        let since = state.trippedAt.map { " since \(ISOTime.string($0))" } ?? ""
                        print("  \(id.padding(toLength: 16, withPad: " ", startingAt: 0)) \(state.mode.rawValue)\(since)\(state.reason.map { "  (\($0))" } ?? "")")
                    }
                    for pending in entry.pending { print("  pending reset of \(pending.breaker) by \(pending.by): \(pending.reason)") }
                }
            }
        }

        struct Reset: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "reset", 
                abstract: "Release a tripped breaker, recording who and why.",
                discussion: "A running paper session applies the reset before its next bar (and journals it); otherwise the next session applies it at start."
            )

            @Argument(help: ArgumentHelp("The breaker id.", valueName: "id"))
            var id: String

            @Option(name: .long, help: "The strategy whose breaker to reset.")
            var strategy: String

            @Option(name: .long, help: "Why it is safe to resume (required, recorded).")
            var reason: String

            @Option(name: .long, help: "Who resets it (default: $USER).")
            var by: String = ProcessInfo.processInfo.environment["USER"] ?? "unknown"

            @OptionGroup var remote: RemoteOptions

            func validate() throws {
                guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--reason must say why it is safe to resume") }
            }

            func run() async throws {
                if remote.server != nil {
                    return try await remote.call("POST", "/breakers/reset", body: RemoteOptions.json(["strategy": strategy, "breaker": id, "reason": reason]))
                }
                let project = try CLI.project()
                let store = GuardStateStore(directory: project.stateDirectory)
                try CLI.guarded {
                    guard let snapshot = try store.snapshot(strategy: strategy), let state = snapshot.breakers[id] else {
                        throw ConfigError(.value, "no saved breaker '\(id)' for strategy \(strategy)", file: project.stateDirectory, hint: "spark breaker status lists them")
                    }
                    if state.mode == .active { print("breaker \(id) is already active; the reset is recorded anyway") }
                    try store.requestReset(strategy: strategy, breaker: id, by: by, reason: reason, at: CLI.now(), audit: GovernanceLogs(approvalsDirectory: project.approvalsDirectory, stateDirectory: project.stateDirectory).runtimeLogForOperator())
                }
                print("reset of \(id) for \(strategy) queued by \(by): \(reason)")
                let sessions = SessionLock.running(in: SessionLock.directory(stateDirectory: project.stateDirectory)).filter { $0.strategy == strategy }
                print(sessions.first.map { "it reaches the running session (pid \($0.pid)) before its next bar" } ?? "no session of \(strategy) is running; the next one applies it at start")
            }
        }
    }

    struct KillCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "kill",
            abstract: "Turn the kill switch on (halt every strategy, cancel resting orders) or off.",
            discussion: """
            The switch is the file KILL in the project's state directory (found upwards from the working directory, or SPARK_PROJECT); running sessions of the project check it between bars and journal the change.
            Level 2 (the default) halts strategies and cancels every resting order; a live session then checks on the exchange that none of its orders remain open. Level 1 only blocks new orders and leaves resting ones working (live; backtest and paper treat it as level 2). Neither closes positions: that is spark flatten.
            """
        )

        enum Switch: String, ExpressibleByArgument, CaseIterable { case on, off }

        @Argument(help: "on or off.")
        var state: Switch

        @Option(name: .long, help: "Why (recorded).")
        var reason: String = "operator kill switch"

        @Option(name: .long, help: "1 blocks new orders; 2 (default) also cancels every resting order.")
        var level: Int = 2

        @Option(name: .long, help: "Who flips the switch (default: $USER).")
        var by: String = ProcessInfo.processInfo.environment["USER"] ?? "unknown"

        @OptionGroup var remote: RemoteOptions

        func run() async throws {
            if remote.server != nil {
                // The server records the key's owner as who did it.
                return try await remote.call("POST", "/kill", body: RemoteOptions.json(["on": state == .on, "level": level, "reason": reason]))
            }
            let project = try CLI.project()
            try CLI.guarded { try GuardStateStore(directory: project.stateDirectory).setKill(state == .on, level: level, reason: reason, by: by, audit: GovernanceLogs(approvalsDirectory: project.approvalsDirectory, stateDirectory: project.stateDirectory).runtimeLogForOperator(), at: CLI.now()) }
            let sessions = SessionLock.running(in: SessionLock.directory(stateDirectory: project.stateDirectory))
            guard state == .on else {
                print("kill switch off; \(sessions.count) running session(s) resume under their breakers before their next bar")
                return
            }
            print("kill switch ON at level \(level) (\(reason)): \(level == 1 ? "no session of this project opens a new order" : "every session of this project halts and cancels its resting orders") before its next input")
            if sessions.isEmpty {
                print("no session of this project is running now; sessions started while the switch is on begin halted")
            } else {
                print("it reaches \(sessions.count) running session(s):")
                for session in sessions {
                    print("  \(session.strategy) on \(session.symbol)  pid \(session.pid)  journal \(session.journal)  started \(session.started)")
                }
                print("close their positions with: spark flatten --strategy NAME --reason \"why\"")
            }
        }
    }

    struct FlattenCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "flatten",
            abstract: "Cancel a running session's resting orders and close its positions, even with the kill switch on.",
            discussion: """
            The session applies it before its next bar and journals it. Its closing orders only reduce positions; they are the one kind of order an engaged kill switch or a halted breaker lets through (size limits never trap a reducing order unless a rule says `reducing: checked`). Recorded in the project's runtime log with who and why.

            Example:
              spark kill on --reason "exchange incident" && spark flatten --strategy sma_cross --reason "exchange incident"
            """
        )

        @Option(name: .long, help: "The strategy whose running session to flatten.")
        var strategy: String

        @Option(name: .long, help: "Why (required, recorded).")
        var reason: String

        @Option(name: .long, help: "Who flattens (default: $USER).")
        var by: String = ProcessInfo.processInfo.environment["USER"] ?? "unknown"

        func validate() throws {
            guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--reason must say why") }
        }

        @OptionGroup var remote: RemoteOptions

        func run() async throws {
            if remote.server != nil {
                return try await remote.call("POST", "/flatten", body: RemoteOptions.json(["strategy": strategy, "reason": reason]))
            }
            let project = try CLI.project()
            let session = try CLI.guarded { try Flatten.request(project: project, strategy: strategy, by: by, reason: reason, at: CLI.now()) }
            print("flatten of \(strategy) queued for its session (pid \(session.pid), journal \(session.journal)): it cancels resting orders and closes positions before its next bar")
        }
    }
}
