import Foundation
import Testing
@testable import Drivers
import Engine

/// The run id names what decides a result: the bars by content (not by path), the instrument and
/// every setting of the simulation.
@Suite("Run id")
struct RunIdentityTests {
    static let bars = try! String(contentsOfFile: Paths.fixture("sma_reference_bars.csv"), encoding: .utf8)

    static func request(_ data: String) -> BacktestRequest {
        var request = BacktestRequest(strategyPath: Paths.repo("strategies/sma_cross.lua"), data: .csv(path: data), symbol: "REF")
        request.overrides = ["size": .number(1)]
        return request
    }

    static func id(_ request: BacktestRequest) throws -> String {
        try Backtest.run(request, warn: { _ in }).runID
    }

    @Test("new bytes at the same path give a new id; the same bytes at another path keep it")
    func content() throws {
        let path = Paths.write(Self.bars, named: "bars.csv")
        let original = try Backtest.run(Self.request(path), warn: { _ in })

        // One close nudged by a cent, same file name.
        let edited = Self.bars.replacingOccurrences(of: "2024-01-01T00:01:00Z,99.97,100.21,99.92,100.11,", with: "2024-01-01T00:01:00Z,99.97,100.21,99.92,100.12,")
        #expect(edited != Self.bars)
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        let changed = try Backtest.run(Self.request(path), warn: { _ in })
        #expect(changed.dataSHA256 != original.dataSHA256)
        #expect(changed.runID != original.runID)

        let elsewhere = try Backtest.run(Self.request(Paths.fixture("sma_reference_bars.csv")), warn: { _ in })
        #expect(elsewhere.dataSHA256 == original.dataSHA256)
        #expect(elsewhere.runID == original.runID)
    }

    @Test("every setting that changes a result changes the id, each to a different one")
    func settings() throws {
        let data = Paths.fixture("sma_reference_bars.csv")
        let base = Self.request(data)
        let instruments = Paths.write("REF: { quote: USD, tick: \"0.001\", step: \"0.00001\" }\n", named: "instruments.yaml")
        let policy = Paths.write("""
        policy: identity
        rules:
          - { id: size, max_order_quantity: { limit: 5 } }
        """, named: "policy.yaml")
        var variants: [(String, BacktestRequest)] = []
        func variant(_ name: String, _ change: (inout BacktestRequest) -> Void) {
            var request = base
            change(&request)
            variants.append((name, request))
        }
        variant("params") { $0.overrides["fast"] = .int(12) }
        variant("cash") { $0.cash = 20_000 }
        variant("maker fee") { $0.fillModel.makerFeeBps = 1 }
        variant("taker fee") { $0.fillModel.takerFeeBps = 1 }
        variant("slippage bps") { $0.fillModel.slippageBps = 1 }
        variant("slippage ticks") { $0.fillModel.slippageTicks = 1 }
        variant("market fill") { $0.fillModel.marketFill = .close }
        variant("seed") { $0.seed = 2 }
        variant("from") { $0.from = ISOTime.parse("2024-01-01T12:00:00Z") }
        variant("to") { $0.to = ISOTime.parse("2024-01-02T12:00:00Z") }
        variant("interval") { $0.interval = "5m"; $0.resampleFrom = "1m" }
        variant("instruments") { $0.instrumentsPath = instruments }
        variant("policy") { $0.policyPath = policy }

        let baseID = try Self.id(base)
        var seen = [baseID: "base"]
        for (name, request) in variants {
            let id = try Self.id(request)
            #expect(seen[id] == nil, "\(name) gives the id of \(seen[id] ?? "")")
            seen[id] = name
        }
        // Strategy bytes: the same strategy with one comment more.
        let source = try String(contentsOfFile: base.strategyPath, encoding: .utf8)
        var copy = base
        copy.strategyPath = Paths.write(source + "\n-- a comment\n", named: "sma_cross.lua")
        #expect(seen[try Self.id(copy)] == nil)
    }

    @Test("--json reports data_sha256 without --out")
    func jsonHash() throws {
        let report = try Backtest.run(Self.request(Paths.fixture("sma_reference_bars.csv")), warn: { _ in })
        let object = try JSONSerialization.jsonObject(with: Data(ReportFormatter.json(report).utf8)) as? [String: Any]
        let hash = try #require(object?["data_sha256"] as? String)
        #expect(hash == (try BarSeries.load(Self.request(Paths.fixture("sma_reference_bars.csv")))).sha256)
    }
}
