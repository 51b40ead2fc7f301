import Foundation
import Store
import Testing
@testable import Drivers

@Suite("Decision log in the store")
struct DecisionStoreTests {
    @Test("a backtest over the store keeps its decision log there, line for line as decisions.jsonl, once per run id")
    func backtestWritesDecisions() throws {
        let directory = Paths.scratch("decisions")
        let database = "\(directory)/spark.db"
        let store = try AppDatabase.open(path: database)
        try store.upsert(try SampleBars.stored(symbol: "BTCUSDT", path: Paths.fixture("sma_reference_bars.csv")))
        var request = BacktestRequest(strategyPath: Paths.repo("strategies/sma_cross.lua"), data: .database(path: database), symbol: "BTCUSDT")
        request.cash = 1_000_000
        request.policyPath = directory + "/small.yaml"
        try "policy: small\nrules:\n  - { id: max-qty, max_order_quantity: { limit: 0.5 } }\n".write(toFile: directory + "/small.yaml", atomically: true, encoding: .utf8)
        request.overrides = ["size": .number(0.6)]
        request.outDirectory = directory + "/out"
        let report = try Backtest.run(request, warn: { _ in })
        let stored = try store.decisions(run: report.runID)
        let lines = try String(contentsOfFile: directory + "/out/decisions.jsonl", encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(stored.count == lines.count)
        #expect(stored.map(\.recordJSON) == lines)
        #expect(!stored.isEmpty)
        #expect(stored.allSatisfy { $0.verdict == "reject" && $0.rule == "max-qty" && $0.code == "max_order_quantity" })
        #expect(stored.allSatisfy { $0.policySHA256 == report.policySHA256 })
        #expect(try store.decisions(run: report.runID, rule: "max-qty").count == report.rejectionsByRule["max-qty"])
        #expect(try store.decisions(run: report.runID, rule: "other").isEmpty)
        _ = try Backtest.run(request, warn: { _ in })
        #expect(try store.decisions(run: report.runID).count == lines.count, "re-running the same inputs replaces, not duplicates")
    }
}

/// Reads a fixture CSV into stored bars.
enum SampleBars {
    static func stored(symbol: String, path: String) throws -> [StoredBar] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            let fields = line.split(separator: ",").map(String.init)
            return StoredBar(
                symbol: symbol, interval: "1m", time: ISOTime.parse(fields[0])!, open: Double(fields[1])!, high: Double(fields[2])!,
                low: Double(fields[3])!, close: Double(fields[4])!, volume: Double(fields[5])!
            )
        }
    }
}
