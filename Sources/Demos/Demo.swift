import Foundation
import MarketData
import SparkCore
import Engine
import Store
import Approvals
import Audit
import DataOps
import Drivers
import Workflow

/// `spark demo`: the five-minute tour as one command, on the bundled synthetic sample.
///
/// The approvals part uses throwaway keys made at run time in a temporary directory, never the
/// repository's approvals/ or the user's key directory.
public enum Demo {
    public static func run(root: String, print: (String) -> Void, warn: @escaping (String) -> Void) async throws {
        let paths = Paths(root: root)
        try? FileManager.default.removeItem(atPath: paths.output)
        try FileManager.default.createDirectory(atPath: paths.output, withIntermediateDirectories: true)
        let databasePath = try importAndCheck(paths, print: print)
        let request = try backtest(paths, databasePath: databasePath, print: print, warn: warn)
        try SandboxDemo.run(data: .database(path: databasePath), output: paths.output, print: print)
        try BracketDemo.run(data: .database(path: databasePath), root: root, output: paths.output, print: print)
        try DiffDemo.run(request, output: paths.output, print: print, warn: warn)
        let (desk, paper) = try await approvals(paths, fillModel: request.fillModel, print: print, warn: warn)
        let journal = try await paperTrade(paper, desk: desk, params: paths.params, print: print, warn: warn)
        try await OperatorDemo.run(paper: paper, wallTime: desk.wallTime, output: paths.output, print: print, warn: warn)
        try replay(journal, print: print, warn: warn)
        try await LiveDemo.run(root: root, output: paths.output, print: print, warn: warn)
    }

    /// The bundled files the demo runs on, and where it writes.
    struct Paths {
        let root, sample, strategy, params, instruments, output: String

        init(root: String) {
            self.root = root
            sample = "\(root)/data/sample/BTCUSDT-1m-synthetic.csv"
            strategy = "\(root)/strategies/sma_cross.lua"
            params = "\(root)/params/sma_cross/default.yaml"
            instruments = "\(root)/data/instruments.yaml"
            output = "\(root)/out/demo"
        }
    }

    /// Steps 1 and 1b: the sample and a Binance-format dump into the store, then their quality; returns the store's path.
    static func importAndCheck(_ paths: Paths, print: (String) -> Void) throws -> String {
        print("== 1. Import the bundled sample (synthetic BTCUSDT 1m bars) into the embedded SQLite store")
        let databasePath = "\(paths.output)/spark.db"
        let database = try AppDatabase.open(path: databasePath)
        var csvImport = ImportRequest(files: [paths.sample], databasePath: databasePath)
        (csvImport.symbol, csvImport.interval, csvImport.format) = ("BTCUSDT", "1m", .csv)
        let csv = try DataImport.importFile(paths.sample, request: csvImport, into: database)
        print("   \(csv.rows) bars → \(databasePath)")
        let dump = "\(paths.root)/data/sample/binance/BTCUSDT-1m-2024-01-07.zip"
        let imported = try DataImport.importFile(dump, request: ImportRequest(files: [dump], databasePath: databasePath), into: database)
        print("   + a Binance-format dump (zip, SHA-256 \(imported.checksumVerified ? "verified" : "not checked")): \(imported.rows) bars → \(databasePath)\n")

        print("== 1b. Check the stored series' quality (the dump has a deliberate 3-minute gap)")
        let quality = try DataQuality.run(databasePath: databasePath, symbol: "BTCUSDT", interval: "1m")
        print(QualityReportFormatter.text(quality, examples: 2).split(separator: "\n").map { "   " + $0 }.joined(separator: "\n") + "\n")
        return databasePath
    }

    /// Step 2: a backtest from the store under the default policy, with a rejection and a breaker trip from its decisions.
    static func backtest(_ paths: Paths, databasePath: String, print: (String) -> Void, warn: @escaping (String) -> Void) throws -> BacktestRequest {
        print("== 2. Backtest strategies/sma_cross.lua with params/sma_cross/default.yaml from the store")
        var request = BacktestRequest(strategyPath: paths.strategy, data: .database(path: databasePath), symbol: "BTCUSDT")
        request.paramsPath = paths.params
        request.instrumentsPath = paths.instruments
        request.fillModel = FillModel(makerFeeBps: 2, takerFeeBps: 4, slippageBps: 1)
        request.outDirectory = "\(paths.output)/backtest"
        request.policyPath = "\(paths.root)/policies/default.yaml"
        let report = try Backtest.run(request, warn: warn)
        print(ReportFormatter.text(report))
        print("   files: \(paths.output)/backtest/{trades.csv,fills.csv,equity.csv,report.json,decisions.jsonl,run.log}")
        if let rejection = report.orderVerdicts.first(where: { $0.rule != nil }) {
            print("   a rejection from decisions.jsonl: \(ISOTime.string(rejection.time)) \(rejection.side) \(rejection.qty) \(rejection.symbol) → \(rejection.rule!): \(rejection.reason ?? "")")
        }
        if let trip = report.breakerEvents.first(where: \.isTrip) {
            print("   a breaker trip: \(ISOTime.string(trip.time)) \(trip.breaker) \(trip.from.rawValue) → \(trip.to.rawValue) (\(trip.reason))")
        }
        print("")
        return request
    }

    /// Step 3: a proposal, the gate refusing it unapproved and with a forged approval, then approving it.
    static func approvals(
        _ paths: Paths, fillModel: FillModel, print: (String) -> Void, warn: @escaping (String) -> Void
    ) async throws -> (ApprovalsDemo, PaperRequest) {
        print("== 3. Approvals: throwaway keys, a proposal, the gate refusing it unapproved and with a forged approval, an approval, the gate clearing")
        let desk = try ApprovalsDemo(root: paths.root, output: paths.output, print: print)
        var paper = PaperRequest(project: desk.project, strategyPath: paths.strategy, feedPath: paths.sample, symbol: "BTCUSDT", journalPath: "\(paths.output)/paper.jsonl")
        paper.paramsPath = paths.params
        paper.instrumentsPath = paths.instruments
        paper.fillModel = fillModel
        paper.actor = "demo"
        let proposal = try desk.propose(params: paths.params, sample: paths.sample, instruments: paths.instruments, print: print, warn: warn)
        print("   \(try desk.workflow.status(proposal: proposal, now: desk.now).replacingOccurrences(of: "\n", with: "\n   "))")
        do {
            _ = try await Paper.run(paper, clock: ContinuousClock(), wallTime: desk.wallTime, log: warn)
            throw ConfigError(.flag, "the launch gate let unapproved params through")
        } catch let error as ApprovalError {
            print("   spark paper before approval → \(error.message)")
        }
        try desk.forgedApprovalRefused(proposal, paper: paper, print: print)
        try desk.approve(proposal, print: print)
        print("   \(try desk.workflow.status(proposal: proposal, now: desk.now).replacingOccurrences(of: "\n", with: "\n   "))\n")
        return (desk, paper)
    }

    /// Step 4: paper-trades the approved params, then shows an edited copy refused; returns the journal's path.
    static func paperTrade(_ paper: PaperRequest, desk: ApprovalsDemo, params: String, print: (String) -> Void, warn: @escaping (String) -> Void) async throws -> String {
        print("== 4. Paper-trade the approved params on the sample as a feed (full speed), journaling every event")
        // At full speed a day of breaker trips scrolls by in a blink; count them instead of echoing them.
        var transitions = 0
        let summary = try await Paper.run(paper, clock: ContinuousClock(), wallTime: desk.wallTime) { line in
            if line.hasPrefix("[info] breaker ") { transitions += 1 } else { warn(line) }
        }
        print("   session \(summary.sessionID): \(summary.bars) bars, \(summary.decisions) decisions, equity \(String(format: "%.2f", summary.equity))")
        print("   journal: \(summary.journalPath) (with \(transitions) breaker transitions, as in the backtest)")
        try desk.editInvalidates(paper: paper, params: params, print: print)
        print("")
        return summary.journalPath
    }

    /// Step 5: the journal replayed through the backtest path must match it decision for decision.
    static func replay(_ journalPath: String, print: (String) -> Void, warn: @escaping (String) -> Void) throws {
        print("== 5. Replay the journal through the backtest path")
        let outcome = try Replay.run(journalPath: journalPath, log: warn)
        if outcome.matches {
            print("   parity: \(outcome.decisions) decisions and the final portfolio match, order for order")
        } else {
            print("   PARITY FAILURE at decision \((outcome.firstMismatch?.index ?? -1) + 1)")
            throw ConfigError(.journal, "replay did not reproduce the paper session", file: journalPath)
        }
    }
}
