import FakeBinance
import Foundation
import Serve
import Testing

@Suite("every metric the dashboards and alerts use is in a real scrape", .serialized)
struct ScrapeCatalogTests {
    static let buyOnce = """
    strategy = { name = "buy_once", params = {} }
    local n = 0
    function on_bar(ctx, bar)
      n = n + 1
      if n == 1 then ctx:buy{ qty = 0.01 } end
    end
    """

    @Test("a scrape of all three services with a live, a paper session and a job carries every family deploy/check names")
    func scrapeCoversTheDashboards() async throws {
        let fake = try await FakeBinanceServer.start(FakeBinanceConfig(
            accounts: [FakeAccountConfig(apiKey: "serve-api-key", credential: .hmac(secret: LiveSessionTests.secret), balances: ["USDT": 10_000])]
        ))
        defer { Task { await fake.stop() } }
        let base = try LiveSessionTests.project(fake: fake)
        var yaml = try String(contentsOfFile: base.root + "/spark.yaml", encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "restart_backoff_ms: 200", with: "restart_backoff_ms: 200, stream_symbols: [BTCUSDT], market_url: \"\(fake.baseURL)\"")
        try yaml.write(toFile: base.root + "/spark.yaml", atomically: true, encoding: .utf8)
        // A live strategy that buys on its first bar, whose order the exchange refuses: error codes,
        // outcomes and ack latency reach the scrape.
        try Self.buyOnce.write(toFile: base.root + "/strategies/buy_once.lua", atomically: true, encoding: .utf8)
        try base.desk.approveForLive(
            strategyPath: base.root + "/strategies/buy_once.lua", paramsPath: nil, symbol: "BTCUSDT",
            guardrailPolicy: base.project.policiesDirectory + "/default.yaml", now: Date().addingTimeInterval(-600)
        )
        await fake.inject([FakeFault(.errorCode, code: -2010)])
        let project = try ServeProject.reload(base)
        let server = try await project.start()
        defer { Task { await server.stop() } }
        // A test ends before the asynchronous stop: no session process may outlive it.
        defer { project.killSessions() }
        let executor = ServeClient(port: server.ports[.executor]!)
        let backtest = ServeClient(port: server.ports[.backtest]!)
        #expect(try await executor.signed("POST", "/sessions", key: project.desk.risk[0], json: ["mode": "live", "strategy": "strategies/buy_once.lua", "symbol": "BTCUSDT"]).status == 201)
        #expect(try await executor.signed("POST", "/sessions", key: project.desk.quant, json: ["mode": "paper", "strategy": "strategies/breakout.lua", "symbol": "BTCUSDT", "feed": "binance:BTCUSDT"]).status == 201)
        #expect(try await backtest.signed("POST", "/jobs", key: project.desk.quant, json: BacktestServiceTests.job).status == 201)
        let minute = (Int64(Date().timeIntervalSince1970 * 1000) / 60_000 - 4) * 60_000
        for index in 0..<3 {
            await fake.setPrice(30_000 + Decimal(index))
            await fake.bar(open: 30_000, high: 30_100, low: 29_900, close: 30_050, volume: 4, openTime: minute + Int64(index) * 60_000)
            try await Task.sleep(for: .milliseconds(300))
        }
        _ = try await BacktestServiceTests.waitDone(backtest, 1)
        try await Task.sleep(for: .seconds(2))
        var union = Data()
        for kind in ServiceKind.allCases { union += try await ServeClient(port: server.ports[kind]!).get("/metrics").body }
        let file = NSTemporaryDirectory() + "spark-union-scrape-\(UUID().uuidString.prefix(8)).txt"
        try union.write(to: URL(fileURLWithPath: file))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", ServeProject.repo + "/deploy/check", "--scrape", file]
        process.currentDirectoryURL = URL(fileURLWithPath: ServeProject.repo)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "deploy/check --scrape: \(text)")
    }
}
