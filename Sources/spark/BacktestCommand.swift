import ArgumentParser
import Drivers
import Foundation
import Lab

extension Spark {
    struct Backtest: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "backtest", 
            abstract: "Backtest a strategy over bars from a CSV file or the SQLite store.",
            discussion: """
            The data is checked before a result is trusted: prices finer than the instrument's tick, bars spaced otherwise than --interval (left out, a CSV's spacing names it), more than 1% bad rows (unless --skip-bad-rows), and binary, compressed or Binance-dump files are refused with what to do (docs/data.md).

            Market orders fill at the next bar's open; limit and stop orders when a later bar reaches them. A strategy that errors or overruns its budget fails the run (exit 1) with file:line and a traceback: a backtest never reports a result from a failed strategy.

            Every order passes the guardrail policy (--policy, default policies/default.yaml); the report counts rejections per rule and lists breaker trips. --out writes an evidence directory: the report (HTML and JSON), trades, equity, decisions.jsonl (one line per order decision with the policy and param-set hashes), an equity chart, copies of the inputs, INDEX.md and MANIFEST.sha256; `spark evidence verify DIR` re-runs it and proves the numbers.

            Examples:
              spark backtest --strategy strategies/sma_cross.lua --data data/sample/BTCUSDT-1m-synthetic.csv --symbol BTCUSDT
              spark backtest --strategy strategies/sma_cross.lua --db out/spark.db --symbol BTCUSDT --set fast=12 --json
            """
        )

        @OptionGroup var options: RunOptions

        @Option(name: .long, help: ArgumentHelp("A CSV file of bars (header: time,open,high,low,close,volume).", valueName: "file"))
        var data: String?

        @Option(name: .long, help: ArgumentHelp("The SQLite bar store.", valueName: "file"))
        var db: String?

        @Option(name: .long, help: ArgumentHelp("First bar time: 2024-01-01, 2024-01-01T12:00:00Z or epoch ms.", valueName: "time"))
        var from: String?

        @Option(name: .long, help: ArgumentHelp("Last bar time (inclusive), same forms as --from.", valueName: "time"))
        var to: String?

        @Flag(name: .long, help: "Print exactly one JSON object on stdout (logs and warnings go to stderr).")
        var json = false

        @Option(name: .long, help: ArgumentHelp("Write an evidence directory here: report.html, report.json, trades.csv, fills.csv, equity.csv, decisions.jsonl, run.log, equity.png, INDEX.md and MANIFEST.sha256. It must be new or empty: nothing there is overwritten.", valueName: "dir"))
        var out: String?

        @Flag(name: .long, help: "With --out: move earlier Spark evidence in that directory aside (DIR.replaced-TIME) instead of refusing; anything else there is still refused.")
        var force = false

        @Option(name: .customLong("max-decisions"), help: ArgumentHelp("Decisions the run may make before it fails. They stream to decisions.jsonl, fills.csv and the store, not memory: this bounds those files and a runaway strategy's run time.", valueName: "n"))
        var maxDecisions: Int = 1_000_000

        @Option(name: .customLong("resample-from"), help: ArgumentHelp("Read bars of this interval and aggregate them to --interval on the fly, e.g. --resample-from 1m --interval 1h.", valueName: "interval"))
        var resampleFrom: String?

        @Flag(name: .customLong("strict-data"), help: "Fail on the first bad CSV row instead of skipping it with a warning.")
        var strictData = false

        @Flag(name: .customLong("skip-bad-rows"), help: "Run even when more than 1% of the CSV rows are bad (skipped); the report counts them.")
        var skipBadRows = false

        @Flag(name: .customLong("no-policy"), help: "Run without guardrails (backtests only; paper and live always run under a policy).")
        var noPolicy = false

        func validate() throws {
            guard (data == nil) != (db == nil) else {
                throw ValidationError("give exactly one of --data FILE or --db FILE")
            }
            if resampleFrom != nil, options.interval == nil {
                throw ValidationError("--resample-from needs --interval, the interval to build, e.g. --resample-from 1m --interval 1h")
            }
            if strictData, skipBadRows {
                throw ValidationError("give at most one of --strict-data and --skip-bad-rows")
            }
            let range = try timeRange()
            if let from = range.from, let to = range.to, from > to {
                throw ValidationError("--from \(self.from!) is after --to \(self.to!)")
            }
        }

        func timeRange() throws -> (from: Int64?, to: Int64?) {
            func parse(_ text: String?, _ flag: String) throws -> Int64? {
                guard let text else { return nil }
                guard let value = ISOTime.parse(text) else {
                    throw ValidationError("\(flag) \(text): expected a date like 2024-01-01, 2024-01-01T12:00:00Z or epoch milliseconds")
                }
                return value
            }
            return (try parse(from, "--from"), try parse(to, "--to"))
        }

        func run() throws {
            var request = BacktestRequest(
                strategyPath: options.strategy, data: data.map { .csv(path: $0) } ?? .database(path: db!), symbol: options.symbol
            )
            request.declaredInterval = options.interval
            request.resampleFrom = resampleFrom
            (request.from, request.to) = try timeRange()
            request.paramsPath = options.params
            request.overrides = try options.overrides()
            request.cash = options.cash
            request.fillModel = options.fillModel
            request.seed = options.seed
            request.limits = options.limits
            request.instrumentsPath = options.instrumentsPath
            request.outDirectory = out
            request.strictData = strictData
            request.skipBadRows = skipBadRows
            guard maxDecisions > 0 else { throw ValidationError("--max-decisions must be positive") }
            request.maxDecisions = maxDecisions
            request.policyPath = noPolicy ? nil : try options.backtestPolicy()
            let report: BacktestReport
            if let out {
                request.outDirectory = nil
                let written = try CLI.guarded {
                    try BacktestEvidence.run(request, directory: out, force: force, time: Int64((Date().timeIntervalSince1970 * 1000).rounded()), nonce: UInt32.random(in: 0...UInt32.max), warn: CLI.warn)
                }
                report = written.report
                if !json { CLI.warn("wrote evidence \(written.record.evidenceID) to \(out)/: report.html, report.json, trades.csv, fills.csv, equity.csv, decisions.jsonl, equity.png, INDEX.md, MANIFEST.sha256 (check it: spark evidence verify \(out))") }
            } else {
                report = try CLI.guarded { try Drivers.Backtest.run(request, warn: CLI.warn) }
            }
            print(json ? ReportFormatter.json(report) : ReportFormatter.text(report))
        }
    }
}
