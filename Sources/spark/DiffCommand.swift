import ArgumentParser
import Foundation
import Lab
import SparkConfig

/// `spark diff A B`: two runs compared fill by fill and metric by metric.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two runs fill by fill and metric by metric, and say why they differ.",
        discussion: """
        A and B are backtest evidence directories (written by `spark backtest --out DIR`) or paper journals (out/paper/*.jsonl), in any mix: a backtest against the paper session of the same params is the "my paper results differ from the backtest" case.

        The report names the first divergence (which order, fill or bar, its time and order id, each differing field with both values), every recorded setting that differs (fees, slippage, the market fill rule, the intra-bar path, the volume cap, latency, params, the strategy's, policy's and data's hashes, instrument, cash), the setting that most likely explains the divergence, and a metric table with both values and B − A. docs/diff.md explains the reasoning.

        Exit status: 0 when the runs are identical, 1 when they differ (the report is printed), 2 when an input is not a run (a missing path, a directory without report.json, an unreadable journal, sweep evidence).

        Examples:
          spark diff out/base out/fee10
          spark diff out/backtest out/paper/sma_cross-20260101T000000Z.jsonl --json
        """
    )

    @Argument(help: ArgumentHelp("The first run: an evidence directory or a paper journal.", valueName: "A"))
    var a: String

    @Argument(help: ArgumentHelp("The second run, compared against A (differences are B − A).", valueName: "B"))
    var b: String

    @Flag(name: .long, help: "Print exactly one JSON object instead of the report.")
    var json = false

    func run() throws {
        let diff: RunDiff
        do {
            diff = try RunDiff.compare(a, b)
        } catch {
            CLI.warn("\(error)")
            throw ExitCode(2)
        }
        print(json ? diff.json : diff.text)
        if !diff.identical { throw ExitCode.failure }
    }
}
