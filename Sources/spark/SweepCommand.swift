import ArgumentParser
import Approvals
import Drivers
import Foundation
import Lab
import Workflow

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a strategy over a grid or a random sample of params, symbols, periods and costs; rank the results.",
        discussion: """
        The spec (docs/lab.md) names the strategy, the param ranges, the data, the periods, the fee/slippage scenarios, the objective and the constraints. Scenarios run on every core, each worker with its own Lua state. Each result is saved to the store as it finishes, so an interrupted sweep resumes where it stopped and a repeated one skips what is done. A spec with `walk_forward:` runs a walk-forward analysis instead.

        Each run writes an evidence directory under --out, named by its evidence id: leaderboard.csv, best.json, the winners' backtests, charts, report.html, INDEX.md and MANIFEST.sha256. Check it later with `spark evidence verify DIR`.

        Examples:
          spark sweep data/lab/smoke.yaml
          spark sweep my-sweep.yaml --workers 8 --store out/lab.db --out out/lab
          spark sweep propose out/lab/<id>/best.json --env paper --reason "sweep winner" --key alice
        """,
        subcommands: [Run.self, Propose.self],
        defaultSubcommand: Run.self
    )

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "run", abstract: "Run the sweep a spec describes (the default).")

        @Argument(help: ArgumentHelp("The sweep spec (YAML).", valueName: "spec"))
        var spec: String

        @Option(name: .long, help: "Parallel workers (default: the number of cores).")
        var workers: Int = ProcessInfo.processInfo.activeProcessorCount

        @Option(name: .long, help: ArgumentHelp("The results store (SQLite); finished scenarios are kept here and reused.", valueName: "file"))
        var store = "out/lab.db"

        @Flag(name: .customLong("no-store"), help: "Keep results in memory only: nothing is reused or resumable.")
        var noStore = false

        @Option(name: .long, help: ArgumentHelp("Where evidence directories go, one per run.", valueName: "dir"))
        var out = "out/lab"

        @Option(name: .long, help: "Leaderboard rows to print.")
        var top = 10

        func validate() throws {
            guard workers >= 1, workers <= 512 else { throw ValidationError("--workers must be between 1 and 512") }
            guard top >= 0 else { throw ValidationError("--top must not be negative") }
        }

        func run() throws {
            if !noStore { try CLI.ensureDirectory(for: store) }
            let clock = ContinuousClock()
            let origin = clock.now
            var options = SweepJob.Options(
                workers: workers, storePath: noStore ? nil : store, evidenceRoot: out,
                wallClock: { Int64((Date().timeIntervalSince1970 * 1000).rounded()) },
                now: {
                    let elapsed = clock.now - origin
                    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                },
                nonce: UInt32.random(in: 0...UInt32.max)
            )
            let objective = (try? SweepSpec.load(path: spec))?.objective.rawValue ?? "objective"
            let view = SweepProgressView.standardError(objective: objective)
            options.progress = { view.update($0) }
            let result = try CLI.guarded { try SweepJob.run(specPath: spec, options: options, warn: CLI.warn) }
            print(SweepSummary.text(result, top: top))
        }
    }

    struct Propose: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "propose", 
            abstract: "Turn a sweep winner (best.json) into a param set and propose it for approval.",
            discussion: "Writes params/<strategy>/sweep-<symbol>.yaml (or --output) with the winner's values, then proposes it exactly like `spark params propose`, signed by your key."
        )

        @Argument(help: ArgumentHelp("best.json from a sweep's evidence directory.", valueName: "best.json"))
        var best: String

        @Option(name: .long, help: ArgumentHelp("Which winner, when the sweep had several symbols.", valueName: "symbol"))
        var symbol: String?

        @Option(name: .long, help: ArgumentHelp("The param set file to write (default: params/<strategy>/sweep-<symbol>.yaml).", valueName: "file"))
        var output: String?

        @Option(name: .long, help: "The environment: paper or live.")
        var env: EnvironmentFlag

        @Option(name: .long, help: "Why the change is made; approvers read it.")
        var reason: String

        @Option(name: .long, help: ArgumentHelp("Your private key: a path, a key id, your name, or a file name in the key directory.", valueName: "key"))
        var key: String

        @OptionGroup var scope: ScopeOptions

        @OptionGroup var location: ApprovalsLocation

        func run() throws {
            let workflow = try location.workflow()
            let file = try CLI.guarded { try WinnerParamSet.write(best: best, symbol: symbol, output: output) }
            CLI.warn("wrote \(file)")
            let signer = try location.key(key)
            let evidence = ParamsWorkflow.EvidenceData(
                csvPath: "data/sample/BTCUSDT-1m-synthetic.csv", symbol: "BTCUSDT",
                instrumentsPath: FileManager.default.fileExists(atPath: "data/instruments.yaml") ? "data/instruments.yaml" : nil
            )
            let symbols = try scope.symbolList()
            let policyHash = env.environment == .live ? try scope.guardrailPolicy(in: workflow) : ""
            let statement = try CLI.guarded {
                try workflow.propose(
                    file: file, strategyPath: nil, environment: env.environment, symbols: symbols, guardrailPolicy: policyHash,
                    reason: "\(reason) (sweep evidence: \(best))", key: signer, evidence: evidence, now: CLI.now(), log: CLI.warn
                )
            }
            print("proposal \(statement.proposal): \(statement.subject) for \(statement.environment.rawValue), \(statement.baseHash.prefix(12)) → \(statement.newHash.prefix(12))")
        }
    }
}

struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Check or archive an evidence directory (backtest --out, sweep, walk-forward).",
        subcommands: [Verify.self, Pack.self]
    )

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "verify", 
            abstract: "Re-check every hash in MANIFEST.sha256, then re-run the work from the recorded inputs and compare the results byte for byte.",
            discussion: "Exit 0 when everything matches; otherwise exit 1 naming the first file that is missing, edited, added or not reproduced, or the input that changed since the run."
        )

        @Argument(help: ArgumentHelp("The evidence directory.", valueName: "dir"))
        var directory: String

        @Option(name: .long, help: "Parallel workers for re-running a sweep (default: the number of cores).")
        var workers: Int = ProcessInfo.processInfo.activeProcessorCount

        func run() throws {
            let result = try CLI.guarded { try Evidence.verify(directory, workers: max(1, workers), log: CLI.warn) }
            print("verified \(result.kind) evidence \(result.evidenceID): \(result.hashed.count) files match the manifest, \(result.reproduced.count) reproduced exactly")
        }
    }

    struct Pack: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "pack", abstract: "Write the directory as one .tar.gz archive (after checking its manifest).")

        @Argument(help: ArgumentHelp("The evidence directory.", valueName: "dir"))
        var directory: String

        @Option(name: .long, help: ArgumentHelp("The archive to write (default: DIR.tar.gz); an existing file is refused.", valueName: "file"))
        var output: String?

        @Flag(name: .long, help: "Move an existing archive aside (FILE.replaced-TIME) instead of refusing.")
        var force = false

        func run() throws {
            let packed = try CLI.guarded { try Evidence.pack(directory, to: output, force: force, time: Int64((Date().timeIntervalSince1970 * 1000).rounded())) }
            print("wrote \(packed.path): \(packed.files) files, \(packed.bytes) bytes")
        }
    }
}
