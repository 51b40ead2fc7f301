import Approvals
import ArgumentParser
import Drivers
import Live
import Foundation
import MarketStream
import Synchronization

/// Set by SIGINT/SIGTERM so a paper session stops between bars and closes its journal cleanly.
let stopRequested = Atomic<Bool>(false)

extension Spark {
    struct Paper: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "paper", 
            abstract: "Paper-trade a strategy on a live-paced feed against the simulated venue.",
            discussion: """
            The feed is a recorded bar file replayed at --speed times real time, or a live market stream spelt binance:SYMBOL (--market-url names the server: Binance's by default, or the fake exchange's http://127.0.0.1:PORT). A live session takes closed bars as the market closes them (holes back-filled from REST klines), stores them with their receive times in the bar store (--db), journals each bar's receive time, and counts toward promotion (feed_live: true). --bars and --duration end a session early. The params (after --set overrides) and the strategy source must be approved for paper: the launch gate refuses anything else and says what is missing. Approvals, policies and state are the project's (spark.yaml, found upwards from the working directory or named by SPARK_PROJECT); the guardrail policy (--policy) must be one of the project's. Every order passes it; the kill switch and breaker resets (spark kill, spark breaker) reach a running session between bars.

            Progress (bars fed of the feed's rows, bars per second, ETA) goes to stderr: a redrawn line on a terminal, a line every 5 seconds otherwise.

            Every input event and decision goes to a journal; `spark replay JOURNAL` must reproduce the session order for order. A strategy that errors or overruns its budget is halted (the journal records where) and the session goes on. Ctrl-C stops between bars.

            Example:
              spark paper --strategy strategies/sma_cross.lua --feed data/sample/BTCUSDT-1m-synthetic.csv --symbol BTCUSDT --speed 60000
              spark paper --strategy strategies/sma_cross.lua --feed binance:BTCUSDT --symbol BTCUSDT --bars 60
            """
        )

        @OptionGroup var options: RunOptions

        @Option(name: .long, help: ArgumentHelp("The recorded bar file (CSV), or a live market stream: binance:SYMBOL.", valueName: "file|binance:SYMBOL"))
        var feed: String

        @Option(name: .long, help: ArgumentHelp("The exchange serving REST klines and /stream for a binance: feed (default: Binance's own).", valueName: "url"))
        var marketURL: String?

        @Option(name: .long, help: ArgumentHelp("Stop after this many bars.", valueName: "n"))
        var bars: Int?

        @Option(name: .long, help: ArgumentHelp("Stop after this long: 90s, 30m or 2h.", valueName: "time"))
        var duration: String?

        @OptionGroup var store: StoreOption

        @Option(name: .long, help: ArgumentHelp("Feed speed as a multiple of real time, or max.", valueName: "x|max"))
        var speed: String = "60"

        @Option(name: .long, help: ArgumentHelp("Journal path, never overwritten (default: out/paper/<strategy>-<time>.jsonl).", valueName: "file"))
        var journal: String?

        @Option(name: .long, help: ArgumentHelp("Append a line of telemetry (JSON) to this file after each bar: what spark serve's executor reads.", valueName: "file"))
        var telemetry: String?

        func validate() throws {
            if let bars, bars < 1 { throw ValidationError("--bars \(bars): expected at least 1") }
            if let duration, Spark.seconds(duration) == nil { throw ValidationError("--duration \(duration): expected a time such as 90s, 30m or 2h") }
            if let name = MarketFeedName(feed), name.symbol != options.symbol {
                throw ValidationError("--feed \(feed) streams \(name.symbol) but --symbol is \(options.symbol): give the same symbol")
            }
            if marketURL != nil, MarketFeedName(feed) == nil { throw ValidationError("--market-url is for a live feed: give --feed binance:SYMBOL") }
            if speed != "max" {
                guard let value = Double(speed), value > 0, value.isFinite else {
                    throw ValidationError("--speed \(speed): expected a positive multiple of real time (e.g. 60) or max")
                }
            }
        }

        /// Points `request` at a live market stream when --feed names one; nil for a recorded file.
        private func liveFeed(into request: inout PaperRequest) throws -> LivePaperFeed? {
            guard let name = MarketFeedName(feed) else { return nil }
            let live = try LivePaperFeed.start(name: name, interval: request.interval, marketURL: marketURL, databasePath: store.db, limit: bars)
            request.liveFeed = live
            request.feed = .exchange(name.description)
            // The market paces a live feed: real time, which is what a paper record counts.
            request.speed = 1
            return live
        }

        /// Stops the session (between bars, or a live feed at once) once --duration has passed.
        private func stopTimer(_ live: LivePaperFeed?) -> Task<Void, Never>? {
            guard let seconds = duration.flatMap(Spark.seconds) else { return nil }
            return Task {
                guard (try? await Task.sleep(for: .seconds(seconds))) != nil else { return }
                stopRequested.store(true, ordering: .relaxed)
                await live?.stop()
            }
        }

        /// Named by strategy and start time, so sessions of different strategies started in the same
        /// second never ask for the same journal (which would be refused, not overwritten).
        private func defaultJournal(stamp: String) -> String {
            let strategy = ((options.strategy as NSString).lastPathComponent as NSString).deletingPathExtension
            return "out/paper/\(strategy)-\(stamp.replacingOccurrences(of: ":", with: "-")).jsonl"
        }

        func run() async throws {
            let project = try CLI.project()
            let stamp = ApprovalTime.format(CLI.now())
            var request = PaperRequest(
                project: project, strategyPath: options.strategy, feedPath: feed, symbol: options.symbol,
                journalPath: journal ?? defaultJournal(stamp: stamp)
            )
            request.interval = options.interval ?? "1m"
            request.paramsPath = options.params
            request.overrides = try options.overrides()
            request.cash = options.cash
            request.fillModel = options.fillModel
            request.seed = options.seed
            request.limits = options.limits
            request.instrumentsPath = options.instrumentsPath
            request.speed = speed == "max" ? nil : Double(speed)
            let live = try CLI.guarded { try liveFeed(into: &request) }
            request.policyPath = options.policy
            request.telemetryPath = telemetry
            request.actor = CLI.user
            let progress = PaperProgress(total: PaperProgress.rows(in: feed))
            request.progress = progress.update
            let sources = Spark.stopOnSignals { Task { await live?.stop() } }
            defer { sources.forEach { $0.cancel() } }
            let timer = stopTimer(live)
            defer { timer?.cancel() }
            let limit = bars
            let shouldStop = { stopRequested.load(ordering: .relaxed) || limit.map { progress.fed >= $0 } ?? false }
            let summary = try await CLI.guarded {
                try await Drivers.Paper.run(request, clock: ContinuousClock(), wallTime: stamp, shouldStop: shouldStop, log: CLI.warn)
            }
            progress.finish(bars: summary.bars)
            print("paper session \(summary.sessionID): \(summary.bars) bars, \(summary.decisions) decisions, equity \(String(format: "%.2f", summary.equity))\(summary.stoppedEarly ? " (stopped early)" : "")")
            if let failure = summary.failure { print("strategy halted: \(failure)") }
            if let lapsed = summary.lapsed { print("stopped: the approval no longer stands: \(lapsed)") }
            let rejected = summary.rejectionsByRule.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            print(rejected.isEmpty ? "rejections: none" : "rejections by rule: " + rejected.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            print("journal: \(summary.journalPath)   replay it with: spark replay \(summary.journalPath)")
        }
    }

    /// Seconds of a `90s`, `30m` or `2h` duration.
    static func seconds(_ text: String) -> Double? {
        guard let unit = text.last, let value = Double(text.dropLast()), value > 0, value.isFinite else { return nil }
        switch unit {
        case "s": return value
        case "m": return value * 60
        case "h": return value * 3600
        default: return nil
        }
    }

    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "replay", 
            abstract: "Feed a paper or live journal through the session kernel and check it reproduces the session.",
            discussion: """
            A paper journal: exit 0 when every decision and the final portfolio match; 1 with the first difference otherwise.
            A live journal (spark live): its recorded inputs (bars, exchange answers, user-stream events, timers, operator controls) are applied in journal order; exit 0 when every order intent and decision match, 1 with the first difference. A journal that continues an earlier one (after a restart) replays the whole chain.
            """
        )

        @Argument(help: ArgumentHelp("The journal a paper or live session wrote.", valueName: "journal"))
        var journal: String

        func run() throws {
            if LiveReplay.isLiveJournal(journal) {
                try replayLive()
                return
            }
            let outcome = try CLI.guarded { try Drivers.Replay.run(journalPath: journal, log: CLI.warn) }
            print("replayed session \(outcome.sessionID): \(outcome.bars) bars, \(outcome.decisions) decisions\(outcome.finished ? "" : " (journal has no end record)")")
            if let mismatch = outcome.firstMismatch {
                print("MISMATCH at decision \(mismatch.index + 1):\n  journal: \(mismatch.journal ?? "(none)")\n  replay:  \(mismatch.replay ?? "(none)")")
                throw ExitCode.failure
            }
            guard outcome.portfolioMatches else {
                print("MISMATCH: the final portfolio differs from the journal's end record")
                throw ExitCode.failure
            }
            print("parity: every decision and the final portfolio match")
        }

        private func replayLive() throws {
            let outcome = try CLI.guarded { try LiveReplay.run(journal: journal, log: CLI.warn) }
            print("replayed live session \(outcome.session): \(outcome.journals) journal(s), \(outcome.inputs) inputs, \(outcome.intents) order intents, \(outcome.decisions) decisions\(outcome.ended ? "" : " (journal has no end record)")")
            if let mismatch = outcome.firstMismatch {
                print("MISMATCH at \(mismatch.what) \(mismatch.index + 1):\n  journal: \(mismatch.journal ?? "(none)")\n  replay:  \(mismatch.replay ?? "(none)")")
                throw ExitCode.failure
            }
            print("parity: every order intent and decision match")
        }
    }
}

/// Paper's progress line: bars fed of the feed's rows, rate and ETA, at any speed.
final class PaperProgress: Sendable {
    private let reporter: Mutex<ProgressReporter>
    private let count = Atomic<Int>(0)

    /// Bars fed so far.
    var fed: Int { count.load(ordering: .relaxed) }

    init(total: Int?) {
        let reporter = ProgressReporter.standardError()
        reporter.start(label: "paper", total: total)
        self.reporter = Mutex(reporter)
    }

    @Sendable func update(_ bars: Int) {
        count.store(bars, ordering: .relaxed)
        reporter.withLock { $0.update(done: bars, rows: bars) }
    }

    func finish(bars: Int) {
        reporter.withLock { $0.finish(rows: bars) }
    }

    /// The feed's data rows (lines after a header), read in chunks: the ETA's denominator.
    static func rows(in path: String) -> Int? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var lines = 0, first: UInt8?
        var last: UInt8 = 10
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            first = first ?? chunk.first
            lines += chunk.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
            last = chunk.last ?? last
        }
        if last != 10 { lines += 1 }
        // A header starts with a letter; Binance-style rows start with a digit.
        if let first, !(48...57).contains(first) { lines -= 1 }
        return lines > 0 ? lines : nil
    }
}
