import Foundation
import Engine
import Drivers

/// The demo's order-types step: a bracket entered in one call, its exits waiting for the entry,
/// then one exit filling and the venue cancelling the other.
enum BracketDemo {
    static func run(data: BacktestRequest.DataSource, root: String, output: String, print: (String) -> Void) throws {
        print("== 2c. A bracket order: entry, stop-loss and take-profit in one call; one exit cancels the other (docs/fills.md)")
        var request = BacktestRequest(strategyPath: "\(root)/strategies/bracket_breakout.lua", data: data, symbol: "BTCUSDT")
        request.instrumentsPath = "\(root)/data/instruments.yaml"
        request.policyPath = "\(root)/policies/default.yaml"
        request.fillModel = FillModel(makerFeeBps: 2, takerFeeBps: 4, slippageBps: 1)
        request.outDirectory = "\(output)/bracket"
        request.echoStrategyLog = true
        var lines: [String] = []
        let report = try Backtest.run(request, warn: { line in lines.append(line) })
        // The first bracket's story, from the strategy's own log: placed, entry filled, one exit filled, the other cancelled.
        guard let placed = lines.firstIndex(where: { $0.contains("bracket: entry") }) else {
            print("   no breakout in the sample: no bracket was placed\n")
            return
        }
        let story = lines[placed...].prefix(4).map { line in
            line.replacingOccurrences(of: "bracket_breakout: ", with: "")
        }
        for line in story { print("   \(line)") }
        // From the trade statistics: the report keeps only the first trades, the metrics count them all.
        let wins = Int(((report.metrics.winRate ?? 0) * Double(report.metrics.trades)).rounded())
        print("   \(report.metrics.trades) brackets closed over the sample (\(wins) in profit); files: \(output)/bracket/\n")
    }
}
