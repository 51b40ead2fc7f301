import Engine
import Foundation
import SparkCore
import Store

/// What a backtest keeps of its decisions and trades while it runs: after every step it takes them
/// from the engine, streams them to the output files and the decision spool, and keeps for the
/// report only running statistics and bounded lists. Memory stays flat in bars and orders.
final class BacktestRecorder {
    let output: ReportFiles?
    /// Order decisions on their way to decisions.jsonl and the store; nil when the run keeps neither.
    let spool: DecisionSpool?
    private(set) var statistics = TradeStatistics()
    /// The first ``BacktestRequest/keptTrades`` closed trades.
    private(set) var trades: [ClosedTrade] = []
    /// The verdicts ``BacktestRequest/keptVerdicts`` keeps.
    private(set) var verdicts: [OrderVerdict] = []
    private var rejectionsPastLimit = 0
    /// The SHA-256 of each file written to the output directory, by name, once ``finish(_:data:)`` wrote them.
    private(set) var fileSHA256: [String: String] = [:]
    private let keptTrades: Int
    private let keptVerdicts: Int?

    init(_ request: BacktestRequest, output: ReportFiles?, log: DecisionLog) throws(ConfigError) {
        self.output = output
        keptTrades = request.keptTrades
        keptVerdicts = request.keptVerdicts
        if output != nil || request.data.isDatabase {
            let scratch = "\(NSTemporaryDirectory())/spark-decisions-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).spool"
            spool = try DecisionSpool(path: output?.spoolPath ?? scratch, log: log)
        } else {
            spool = nil
        }
    }

    /// Takes what the engine decided and closed since the last call.
    func drain(_ engine: Engine) {
        for decision in engine.takeDecisions() {
            if let verdict = OrderVerdict(decision) { keep(verdict) }
            if let spool, decision.isOrderDecision { spool.add(DecisionRecord(decision)) }
            if let output, decision.isFill { output.fill(DecisionRecord(decision)) }
        }
        for lot in engine.takeClosedLots() {
            let trade = ClosedTrade(lot, engine: engine)
            statistics.add(trade)
            output?.trade(trade)
            if trades.count < keptTrades { trades.append(trade) }
        }
    }

    private func keep(_ verdict: OrderVerdict) {
        guard let limit = keptVerdicts, verdicts.count >= limit else { return verdicts.append(verdict) }
        // Past the limit, rejections only, up to as many again: a report can still show the first ones.
        guard verdict.rule != nil, rejectionsPastLimit < limit else { return }
        rejectionsPastLimit += 1
        verdicts.append(verdict)
    }

    /// Writes the files and the store's decision log of a finished run.
    func finish(_ report: BacktestReport, data: BacktestRequest.DataSource) throws {
        guard let spool else { return }
        try spool.close()
        try output?.finish(report: report, decisions: spool)
        fileSHA256 = output?.sha256 ?? [:]
        if case .database(let path) = data {
            // Runs over the store keep their decision log beside the bars they ran on.
            try AppDatabase.open(path: path).saveDecisions(run: report.runID, spool.entries(runID: report.runID))
        }
        spool.remove()
    }

    /// Removes the spool of a run that ended early.
    func discard() { spool?.remove() }
}
