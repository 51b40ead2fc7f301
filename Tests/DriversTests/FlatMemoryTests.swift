import Foundation
import Testing
@testable import Drivers
import Engine
import LuaRuntime
import SparkCore
import Strategies

/// docs/architecture.md, "Performance": a backtest's memory is flat in bars and orders. Decisions
/// and closed trades stream to the files and the store; the report keeps bounded lists.
@Suite("Flat memory")
struct FlatMemoryTests {
    /// Buys and sells every few bars: many decisions, many trades.
    static let churn = """
    strategy = { name = "churn", params = {} }
    local n = 0
    function on_bar(ctx, bar)
      n = n + 1
      if n % 4 == 1 then ctx:buy{ qty = 1 } elseif n % 4 == 3 then ctx:sell{ qty = 1 } end
    end
    """

    /// One file for every run, so report.json names the same strategy path.
    let strategyPath = Paths.write(Self.churn, named: "churn.lua")

    func request(out: String?) -> BacktestRequest {
        var request = BacktestRequest(strategyPath: strategyPath, data: .csv(path: Paths.fixture("sma_reference_bars.csv")), symbol: "REF")
        request.cash = 1_000_000
        request.fillModel = FillModel(makerFeeBps: 2, takerFeeBps: 4, slippageBps: 1)
        request.outDirectory = out
        return request
    }

    @Test("the engine holds no decision and no closed trade between bars of a backtest, however many it made")
    func engineKeepsNothingBetweenBars() throws {
        var request = request(out: nil)
        request.keptTrades = 100
        let source = try String(contentsOfFile: request.strategyPath, encoding: .utf8)
        let strategy = try LuaStrategy(path: request.strategyPath, source: source, limits: LuaLimits(), seed: 1)
        let symbols = SymbolTable(["REF"])
        try strategy.bind(params: [:], symbols: symbols, primary: SymbolID(0))
        let engine = Engine(configuration: EngineConfiguration(initialCash: Money(1_000_000)!), symbols: symbols, instruments: [.fallback(symbol: "REF")])
        let loop = SessionLoop(engine: engine, venue: SimulatedVenue(model: FillModel(), instruments: engine.instruments, cash: engine.configuration.initialCash))
        let recorder = try BacktestRecorder(request, output: nil, log: DecisionLog(runID: "", mode: .backtest, strategy: "churn", policyName: nil, policyHash: nil, paramsHash: ""))
        loop.start(strategy, at: 0)
        var most = 0
        for index in 0..<20_000 {
            let price = 100 + Double(index % 50)
            loop.step(Bar(symbol: SymbolID(0), time: 1_704_067_200_000 + Int64(index) * 60_000, open: price, high: price + 1, low: price - 1, close: price, volume: 1))
            recorder.drain(engine)
            most = max(most, engine.decisions.count + engine.closedLots.count)
        }
        loop.finish()
        recorder.drain(engine)
        #expect(most == 0)
        #expect(engine.decisionCount >= 20_000)
        #expect(recorder.statistics.count == engine.closedLotCount)
        #expect(recorder.statistics.count > 4_000)
        #expect(recorder.trades.count == request.keptTrades)
        #expect(recorder.verdicts.count <= 2 * (request.keptVerdicts ?? 0))
    }

    @Test("a backtest that keeps two trades and three verdicts writes every one to its files, with the same metrics")
    func boundedReportSameFiles() throws {
        let (all, bounded) = (Paths.scratch("flat-all"), Paths.scratch("flat-bounded"))
        var full = request(out: all)
        full.keptTrades = .max
        full.keptVerdicts = nil
        var small = request(out: bounded)
        small.keptTrades = 2
        small.keptVerdicts = 3
        let (wide, narrow) = (try Backtest.run(full, warn: { _ in }), try Backtest.run(small, warn: { _ in }))
        #expect(narrow.trades.count == 2)
        #expect(narrow.orderVerdicts.count == 3)
        #expect(wide.trades.count == wide.metrics.trades)
        #expect(wide.trades.prefix(2) == narrow.trades[...])
        #expect(wide.orderVerdicts.prefix(3) == narrow.orderVerdicts[...])
        #expect(wide.metrics == narrow.metrics)
        for file in ["trades.csv", "fills.csv", "equity.csv", "decisions.jsonl", "report.json", "run.log"] {
            let (a, b) = (FileManager.default.contents(atPath: "\(all)/\(file)"), FileManager.default.contents(atPath: "\(bounded)/\(file)"))
            #expect(a != nil && a == b, "\(file)")
        }
        let lines = try String(contentsOfFile: "\(bounded)/trades.csv", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == narrow.metrics.trades + 1)
        let names = try FileManager.default.contentsOfDirectory(atPath: bounded)
        #expect(!names.contains { $0.hasSuffix(".partial") }, "\(names)")
    }

    @Test("a backtest's report keeps the first breaker events and counts them all; report.json says both")
    func boundedBreakerEvents() throws {
        func run(keeping kept: Int, out: String) throws -> BacktestReport {
            var request = BacktestRequest(strategyPath: Paths.repo("strategies/sma_cross.lua"), data: .csv(path: Paths.fixture("sma_reference_bars.csv")), symbol: "REF")
            request.overrides = ["size": .number(1)]
            request.policyPath = Paths.repo("policies/default.yaml")
            request.keptBreakerEvents = kept
            request.outDirectory = out
            return try Backtest.run(request, warn: { _ in })
        }
        let (all, one) = (Paths.scratch("breakers-all"), Paths.scratch("breakers-one"))
        let wide = try run(keeping: 1_000, out: all)
        let narrow = try run(keeping: 1, out: one)
        try #require(wide.breakerEvents.count >= 2, "the reference data trips and resets the loss-streak breaker")
        #expect(wide.breakerEventCount == wide.breakerEvents.count)
        #expect(narrow.breakerEvents == Array(wide.breakerEvents.prefix(1)))
        #expect(narrow.breakerEventCount == wide.breakerEventCount)
        #expect(narrow.metrics == wide.metrics)
        let json = try String(contentsOfFile: "\(one)/report.json", encoding: .utf8)
        #expect(json.contains("\"breaker_event_count\":\(wide.breakerEventCount)"))
        let log = try String(contentsOfFile: "\(one)/run.log", encoding: .utf8)
        #expect(log.split(separator: "\n").filter { $0.hasPrefix("[info] breaker ") }.count == wide.breakerEventCount, "run.log has every one")
    }

    @Test("the SHA-256 a backtest keeps of each file it wrote, hashed as it was written, is the file's own")
    func hashedAsWritten() throws {
        let out = Paths.scratch("flat-hashed")
        let report = try Backtest.run(request(out: out), warn: { _ in })
        #expect(Set(report.fileSHA256.keys) == ["report.json", "trades.csv", "fills.csv", "equity.csv", "decisions.jsonl", "run.log"])
        for (name, hash) in report.fileSHA256 {
            #expect(hash == (try DataImportTests().shellSHA256("\(out)/\(name)")), "\(name)")
        }
        #expect(try Backtest.run(request(out: nil), warn: { _ in }).fileSHA256.isEmpty)
    }

    @Test("trade statistics added one at a time equal the metrics of the whole list, bit for bit")
    func statisticsMatchTheList() {
        let pnls = [0.1, -0.2, 0.30000000000000004, 0, -1e-9, 7.25, -3.5, 1e-17]
        let trades = pnls.map { ClosedTrade(symbol: "X", side: .long, quantity: 1, entryTime: 0, exitTime: 1, entryPrice: 1, exitPrice: 1, fees: 0, pnl: $0) }
        var stats = TradeStatistics()
        trades.forEach { stats.add($0) }
        let metrics = PerformanceMetrics.compute(tracker: EquityTracker(), tradeStatistics: stats, initialEquity: 1, fees: 0, buyAndHold: nil, periodsPerYear: 365)
        let positive = pnls.filter { $0 > 0 }.reduce(0, +), negative = -pnls.filter { $0 < 0 }.reduce(0, +)
        #expect(metrics.trades == pnls.count)
        #expect(metrics.winRate?.bitPattern == (Double(pnls.filter { $0 > 0 }.count) / Double(pnls.count)).bitPattern)
        #expect(metrics.profitFactor?.bitPattern == (positive / negative).bitPattern)
        #expect(metrics.avgTrade?.bitPattern == (pnls.reduce(0, +) / Double(pnls.count)).bitPattern)
    }
}
