import Foundation
import Testing
@testable import Drivers
import Engine

/// Every metric in report.json recomputed from the files `--out` writes, by the formulas of
/// docs/metrics.md, with no Spark code: the files alone must be enough to check a run.
@Suite("Metrics recompute from trades.csv and equity.csv")
struct MetricsRecomputeTests {
    /// Buys at bar 100, closes at bar 700, buys again at bar 2500 and holds: the close-out has a
    /// position to close, so its row carries a fee the last bar's row does not.
    static let holdToEnd = """
    strategy = { name = "hold_to_end", params = {} }
    local n = 0
    function on_bar(ctx, bar)
      n = n + 1
      if n == 100 or n == 2500 then ctx:buy{ qty = 1 } end
      if n == 700 then ctx:close() end
    end
    """

    struct Row {
        var time: Int64
        var equity: Double
        var exposed: Bool?
    }

    @Test("with fees on, every metric in report.json recomputes from trades.csv and equity.csv", arguments: ["sma_cross", "breakout", "hold_to_end"])
    func recompute(strategy: String) throws {
        let path = strategy == "hold_to_end" ? Paths.write(Self.holdToEnd, named: "hold_to_end.lua") : Paths.repo("strategies/\(strategy).lua")
        let directory = Paths.scratch("recompute-\(strategy)")
        let data = Paths.fixture("sma_reference_bars.csv")
        var request = BacktestRequest(strategyPath: path, data: .csv(path: data), symbol: "REF")
        if strategy != "hold_to_end" { request.overrides = ["size": .number(1)] }
        request.fillModel = FillModel(makerFeeBps: 2, takerFeeBps: 5, slippageBps: 1)
        request.outDirectory = directory
        let report = try Backtest.run(request, warn: { _ in })
        #expect(report.metrics.trades > 0 && report.metrics.fees > 0)

        let saved = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/report.json"))) as? [String: Any])
        let metrics = try #require(saved["metrics"] as? [String: Any])

        // equity.csv: a header, one row per bar, then the close-out row (its `exposed` empty).
        let equityLines = try String(contentsOfFile: directory + "/equity.csv", encoding: .utf8).split(separator: "\n")
        #expect(equityLines.first == "time,equity,position,exposed")
        let rows = try equityLines.dropFirst().map { line -> Row in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            try #require(fields.count == 4)
            let time = try #require(ISOTime.parse(String(fields[0])))
            return Row(time: time, equity: try #require(Double(fields[1])), exposed: fields[3].isEmpty ? nil : fields[3] == "1")
        }
        #expect(rows.count == report.bars + 1)
        #expect(rows.dropLast().allSatisfy { $0.exposed != nil } && rows.last?.exposed == nil)
        #expect(rows.last?.time == rows.dropLast().last?.time)

        // trades.csv: symbol,side,quantity,entry_time,entry_price,exit_time,exit_price,fees,pnl,return
        let tradeRows = try String(contentsOfFile: directory + "/trades.csv", encoding: .utf8).split(separator: "\n").dropFirst().map { line in
            try line.split(separator: ",").map { String($0) }.dropFirst(7).map { try #require(Double($0)) }
        }
        let fees = tradeRows.map { $0[0] }, pnls = tradeRows.map { $0[1] }

        let initial = request.cash
        let final = try #require(rows.last).equity
        let bars = rows.filter { $0.exposed != nil }
        var expected: [String: Double?] = [
            "equity_initial": initial, "equity_final": final, "total_return": final / initial - 1,
            "trades": Double(pnls.count),
            "win_rate": Double(pnls.filter { $0 > 0 }.count) / Double(pnls.count),
            "avg_trade": pnls.reduce(0, +) / Double(pnls.count),
            "exposure": Double(bars.filter { $0.exposed == true }.count) / Double(bars.count),
            // Every position is closed by the end, so each fee paid belongs to a closed trade.
            "fees": fees.reduce(0, +),
        ]
        let loss = -pnls.filter { $0 < 0 }.reduce(0, +)
        expected["profit_factor"] = loss > 0 ? pnls.filter { $0 > 0 }.reduce(0, +) / loss : nil

        // Daily closes: the last row of each UTC day, the close-out included.
        var closes: [Double] = []
        var day = Int64.min
        for row in rows {
            let rowDay = row.time / 86_400_000
            if rowDay == day { closes[closes.count - 1] = row.equity } else { closes.append(row.equity); day = rowDay }
        }
        var returns: [Double] = []
        var previous = initial
        for close in closes {
            returns.append(close / previous - 1)
            previous = close
        }
        let n = Double(returns.count)
        let mean = returns.reduce(0, +) / n
        let deviation = (returns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        let downside = (returns.reduce(0) { $0 + min($1, 0) * min($1, 0) } / n).squareRoot()
        let periods = 365.0 // REF is not a session instrument
        expected["days"] = n
        expected["volatility"] = deviation * periods.squareRoot()
        expected["sharpe"] = deviation > 0 ? mean / deviation * periods.squareRoot() : nil
        expected["sortino"] = downside > 0 ? mean / downside * periods.squareRoot() : nil

        let years = Double(rows.last!.time - rows.first!.time) / 86_400_000 / 365.25
        let cagr = pow(final / initial, 1 / years) - 1
        expected["cagr"] = cagr

        // Drawdown: the deepest fall from the running peak, and the longest time from the last
        // moment at a peak until equity is back at it (or the end).
        var peak = -Double.infinity, peakTime: Int64 = 0, deepest = 0.0, longest: Int64 = 0, underwater = false
        for row in rows {
            if row.equity >= peak {
                if underwater { longest = max(longest, row.time - peakTime) }
                underwater = false
                peak = row.equity
                peakTime = row.time
            } else {
                underwater = true
                deepest = max(deepest, 1 - row.equity / peak)
            }
        }
        if underwater { longest = max(longest, rows.last!.time - peakTime) }
        expected["max_drawdown"] = deepest
        expected["max_drawdown_duration_s"] = Double(longest) / 1000
        expected["calmar"] = deepest > 0 ? cagr / deepest : nil

        // Buy-and-hold needs prices, which only the data holds: first and last close of the bars.
        let closesOfData = try String(contentsOfFile: data, encoding: .utf8).split(separator: "\n").dropFirst().map { line in
            try #require(Double(line.split(separator: ",")[4]))
        }
        expected["buy_and_hold_return"] = closesOfData.last! / closesOfData.first! - 1

        #expect(Set(expected.keys) == Set(metrics.keys), "every metric in report.json is recomputed")
        for (key, value) in expected.sorted(by: { $0.key < $1.key }) {
            let actual = metrics[key] as? Double
            switch (value, actual) {
            case (nil, nil): break
            case (let value?, let actual?):
                #expect(abs(actual - value) <= 1e-9 * max(1, abs(value)), "\(strategy) \(key): report \(actual), recomputed \(value)")
            default:
                Issue.record("\(strategy) \(key): report \(String(describing: actual)), recomputed \(String(describing: value))")
            }
        }
    }
}
