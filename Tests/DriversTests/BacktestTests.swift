import Foundation
import Testing
@testable import Drivers
import Engine
import Strategies

@Suite("Backtest driver")
struct BacktestTests {
    @Test("sma_cross makes the same trades as backtesting.py 0.6.6 on the reference data")
    func matchesBacktestingPy() throws {
        var request = BacktestRequest(strategyPath: Paths.repo("strategies/sma_cross.lua"), data: .csv(path: Paths.fixture("sma_reference_bars.csv")), symbol: "REF")
        request.overrides = ["fast": .int(10), "slow": .int(30), "size": .number(1)]
        request.cash = 1_000_000
        let report = try Backtest.run(request, warn: { _ in })
        let reference = try String(contentsOfFile: Paths.fixture("sma_reference_trades.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(report.trades.count == reference.count)
        for (trade, expected) in zip(report.trades, reference) {
            #expect(ISOTime.string(trade.entryTime) == expected[0])
            #expect(ISOTime.string(trade.exitTime) == expected[1])
            #expect(abs(trade.entryPrice - Double(expected[2])!) < 1e-9)
            #expect(abs(trade.exitPrice - Double(expected[3])!) < 1e-9)
            #expect(abs(trade.pnl - Double(expected[4])!) < 1e-6)
        }
        let pnl = reference.map { Double($0[4])! }.reduce(0, +)
        #expect(abs(report.metrics.equityFinal - (1_000_000 + pnl)) < 1e-6)
    }

    @Test("the same request twice gives the same run id and the same numbers")
    func deterministic() throws {
        var request = BacktestRequest(strategyPath: Paths.repo("strategies/breakout.lua"), data: .csv(path: Paths.fixture("sma_reference_bars.csv")), symbol: "REF")
        request.overrides = ["size": .number(1)]
        request.fillModel = FillModel(makerFeeBps: 2, takerFeeBps: 4, slippageBps: 1)
        let first = try Backtest.run(request, warn: { _ in })
        let second = try Backtest.run(request, warn: { _ in })
        #expect(first.runID == second.runID)
        #expect(first.trades.count > 0)
        #expect(first.trades.map(\.pnl) == second.trades.map(\.pnl))
        #expect(first.metrics.equityFinal == second.metrics.equityFinal)
    }

    @Test("--json output is one JSON object with the documented metric keys")
    func jsonReport() throws {
        var request = BacktestRequest(strategyPath: Paths.repo("strategies/sma_cross.lua"), data: .csv(path: Paths.fixture("sma_reference_bars.csv")), symbol: "REF")
        request.overrides = ["size": .number(1)]
        let report = try Backtest.run(request, warn: { _ in })
        let object = try JSONSerialization.jsonObject(with: Data(ReportFormatter.json(report).utf8)) as? [String: Any]
        let metrics = try #require(object?["metrics"] as? [String: Any])
        for key in ["total_return", "cagr", "volatility", "sharpe", "sortino", "max_drawdown", "max_drawdown_duration_s", "calmar", "trades",
                    "win_rate", "profit_factor", "avg_trade", "exposure", "fees", "equity_final", "buy_and_hold_return"] {
            #expect(metrics[key] != nil, "missing \(key)")
        }
        #expect(object?["bars"] as? Int == 3000)
        #expect(object?["elapsed_s"] is Double)
    }

    @Test("--out writes trades, equity and a report.json that names the bars by hash and holds no wall time")
    func outputFiles() throws {
        let directory = Paths.scratch("out")
        var request = BacktestRequest(strategyPath: Paths.repo("strategies/sma_cross.lua"), data: .csv(path: Paths.fixture("sma_reference_bars.csv")), symbol: "REF")
        request.overrides = ["size": .number(1)]
        request.outDirectory = directory
        let report = try Backtest.run(request, warn: { _ in })
        let trades = try String(contentsOfFile: directory + "/trades.csv", encoding: .utf8).split(separator: "\n")
        #expect(trades.count == report.trades.count + 1)
        let equity = try String(contentsOfFile: directory + "/equity.csv", encoding: .utf8).split(separator: "\n")
        #expect(equity.count == 3002) // header, 3000 bars, the close-out row
        let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/report.json"))) as? [String: Any]
        #expect(saved?["run_id"] as? String == report.runID)
        #expect(saved?["elapsed_s"] == nil)
        let series = try BarSeries.load(request)
        #expect(saved?["data_sha256"] as? String == series.sha256)
        #expect(report.dataSHA256 == series.sha256)
    }

    @Test("a strategy runtime error fails the backtest with file:line")
    func runtimeErrorFailsLoudly() throws {
        let path = Paths.write("""
        strategy = { name = "bad", params = {} }
        function on_bar(ctx, bar)
          if bar.close > 0 then
            local x = nil
            return x.field
          end
        end
        """, named: "bad.lua")
        let request = BacktestRequest(strategyPath: path, data: .csv(path: Paths.fixture("sma_reference_bars.csv")), symbol: "REF")
        #expect {
            try Backtest.run(request, warn: { _ in })
        } throws: { error in
            guard let failure = error as? StrategyFailure else { return false }
            return failure.code == .runtime && "\(failure)".contains("bad.lua:5")
        }
    }

    @Test("an infinite loop overruns the time budget and fails the backtest instead of hanging")
    func infiniteLoopFails() throws {
        let path = Paths.write("""
        strategy = { name = "spin", params = {} }
        function on_bar(ctx, bar)
          if bar.time > 1704067500000 then while true do end end
        end
        """, named: "spin.lua")
        var request = BacktestRequest(strategyPath: path, data: .csv(path: Paths.fixture("sma_reference_bars.csv")), symbol: "REF")
        request.limits.timeBudget = .milliseconds(100)
        #expect {
            try Backtest.run(request, warn: { _ in })
        } throws: { error in
            (error as? StrategyFailure)?.code == .timeBudget
        }
    }

    @Test("a param outside the schema's range points at the param file's line")
    func paramOutOfRange() throws {
        let params = Paths.write("strategy: sma_cross\nvalues:\n  fast: 10\n  slow: 1000\n", named: "p.yaml")
        var request = BacktestRequest(strategyPath: Paths.repo("strategies/sma_cross.lua"), data: .csv(path: Paths.fixture("sma_reference_bars.csv")), symbol: "REF")
        request.paramsPath = params
        #expect {
            try Backtest.run(request, warn: { _ in })
        } throws: { error in
            "\(error)".contains("p.yaml:4:3") && "\(error)".contains("above its maximum")
        }
    }

    @Test("an unknown param key and a typo'd top-level key are errors, not ignored")
    func unknownKeys() throws {
        let unknown = Paths.write("strategy: sma_cross\nvalues: { fast: 10, fsat: 3 }\n", named: "p.yaml")
        let typo = Paths.write("strategy: sma_cross\nvalue: { fast: 10 }\n", named: "p.yaml")
        for (path, needle) in [(unknown, "unknown parameter 'fsat'"), (typo, "unknown key 'value'")] {
            var request = BacktestRequest(strategyPath: Paths.repo("strategies/sma_cross.lua"), data: .csv(path: Paths.fixture("sma_reference_bars.csv")), symbol: "REF")
            request.paramsPath = path
            #expect {
                try Backtest.run(request, warn: { _ in })
            } throws: { error in
                "\(error)".contains(needle)
            }
        }
    }

    @Test("malformed, duplicated and out-of-order CSV rows are skipped with their line numbers, or fail in strict mode")
    func badCSVRows() throws {
        let csv = Paths.write("""
        time,open,high,low,close,volume
        2024-01-01T00:00:00Z,100,101,99,100,1
        2024-01-01T00:01:00Z,100,101,99,abc,1
        2024-01-01T00:02:00Z,100,101,99,100
        2024-01-01T00:01:00Z,100,101,99,100,1
        2024-01-01T00:02:00Z,100,101,99,100,1
        2024-01-01T00:02:00Z,100,101,99,100,1
        2024-01-01T00:03:00Z,100,101,99,100,1
        """, named: "bars.csv")
        var warnings: [String] = []
        var request = BacktestRequest(strategyPath: Paths.repo("strategies/sma_cross.lua"), data: .csv(path: csv), symbol: "REF")
        // Three bad rows of seven is past the share a run skips on its own (DataCheckTests).
        request.skipBadRows = true
        let report = try Backtest.run(request, warn: { warnings.append($0) })
        #expect(report.bars == 4)
        let text = warnings.joined(separator: "\n")
        #expect(text.contains(":3"))
        #expect(text.contains(":4"))
        request.strictData = true
        #expect(throws: (any Error).self) { try Backtest.run(request, warn: { _ in }) }
    }

    @Test("an unknown symbol runs with the default instrument and says so")
    func unknownSymbolWarns() throws {
        var warnings: [String] = []
        var request = BacktestRequest(strategyPath: Paths.repo("strategies/sma_cross.lua"), data: .csv(path: Paths.fixture("sma_reference_bars.csv")), symbol: "NOPE")
        request.instrumentsPath = Paths.repo("data/instruments.yaml")
        _ = try Backtest.run(request, warn: { warnings.append($0) })
        #expect(warnings.contains { $0.contains("NOPE is not in") })
    }
}
