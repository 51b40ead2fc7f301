import Foundation
import Testing
import Binance
import BinanceNet
import FakeBinance
import Drivers
import Engine
import Lab
import Live
import SparkConfig
import SparkCore
import Workflow
@testable import LiveLaunch

/// Closed bars from a list; the fake's price follows each bar's close before the bar is handed over.
final class ListBars: LiveBarSource, @unchecked Sendable {
    private var bars: [LiveBar]
    private let fake: FakeBinanceServer
    private let lock = NSLock()

    init(closes: [Double], fake: FakeBinanceServer, start: Int64 = 1_767_225_600_000) {
        bars = closes.enumerated().map { index, close in
            LiveBar(time: start + Int64(index) * 60_000, open: close, high: close + 5, low: close - 5, close: close, volume: 1)
        }
        self.fake = fake
    }

    func next() async throws -> LiveBar? {
        let bar: LiveBar? = lock.withLock { bars.isEmpty ? nil : bars.removeFirst() }
        if let bar { await fake.setPrice(Decimal(bar.close)) }
        try await Task.sleep(for: .milliseconds(150))
        return bar
    }
}

@Suite("spark live against the fake exchange on loopback")
struct LiveEndToEndTests {
    static let buyOnce = """
    strategy = { name = "buy_once", params = { qty = { type = "number", min = 0.00001, default = 0.01 } } }
    local n = 0
    function on_bar(ctx, bar)
      n = n + 1
      if n == 1 then ctx:buy{ qty = ctx.params.qty } end
    end
    """

    /// A backtest of `strategy` over `closes` as ListBars hands them to the session (same times, open,
    /// high, low, close), filled as the fake fills a market order: at the last price, the bar's close,
    /// with its 0.1 % fee. Returns its evidence directory.
    static func backtest(strategy: String, closes: [Double], start: Int64, project: Project, overrides: [String: ParamValue] = [:], name: String) throws -> String {
        let csv = project.root + "/\(name).csv"
        let rows = closes.enumerated().map { index, close in
            let time = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(start / 1000 + Int64(index) * 60)))
            return "\(time),\(close),\(close + 5),\(close - 5),\(close),1"
        }
        try (["time,open,high,low,close,volume"] + rows).joined(separator: "\n").write(toFile: csv, atomically: true, encoding: .utf8)
        var request = BacktestRequest(strategyPath: strategy, data: .csv(path: csv), symbol: "BTCUSDT")
        request.outDirectory = project.root + "/\(name)"
        request.instrumentsPath = LaunchProject.repo + "/data/instruments.yaml"
        request.policyPath = project.policiesDirectory + "/default.yaml"
        request.overrides = overrides
        request.fillModel = FillModel(marketFill: .close, takerFeeBps: 10)
        request.echoStrategyLog = false
        _ = try Backtest.run(request, warn: { _ in })
        return request.outDirectory!
    }

    /// A project approved for live with `strategy`, whose spark.yaml points at `fake`.
    static func launch(strategy: String, fake: FakeBinanceServer) throws -> (LiveLaunchRequest, credentials: String) {
        let (request, _) = try launchWithDesk(strategy: strategy, fake: fake)
        return (request, request.credentialsPath!)
    }

    /// ``launch(strategy:fake:)`` with the desk whose keys approved it.
    static func launchWithDesk(strategy: String, fake: FakeBinanceServer) throws -> (LiveLaunchRequest, LiveDesk) {
        var (request, _, desk) = try LaunchProject.make()
        let root = request.project.root
        try FileManager.default.createDirectory(atPath: root + "/strategies", withIntermediateDirectories: true)
        let path = root + "/strategies/test.lua"
        try strategy.write(toFile: path, atomically: true, encoding: .utf8)
        try desk.approveForLive(strategyPath: path, paramsPath: nil, symbol: "BTCUSDT", guardrailPolicy: root + "/policies/default.yaml", now: Date().addingTimeInterval(-600))
        try """
        spark: 1
        name: launch
        live: { account: test1, request_timeout_ms: 30000, rest_url: "\(fake.baseURL)", ws_api_url: "\(fake.webSocketAPIURL)", stream_url: "ws://127.0.0.1:\(fake.port)" }

        """.write(toFile: root + "/spark.yaml", atomically: true, encoding: .utf8)
        request.project = try Project(root: root)
        request.strategyPath = path
        return (request, desk)
    }

    static func fake() async throws -> FakeBinanceServer {
        try await FakeBinanceServer.start(FakeBinanceConfig(
            accounts: [FakeAccountConfig(apiKey: "test-api-key", credential: .hmac(secret: LaunchProject.secret), balances: ["USDT": 10_000])]
        ))
    }

    /// The open time of the minute now, at least 10 s before its end (waiting for the next one if
    /// needed): bars from it are the minutes the session trades in, so its fills fall inside them.
    static func currentMinute() async throws -> Int64 {
        var now = Int64(Date().timeIntervalSince1970 * 1000)
        if now % 60_000 > 50_000 {
            try await Task.sleep(for: .milliseconds(60_000 - now % 60_000 + 50))
            now = Int64(Date().timeIntervalSince1970 * 1000)
        }
        return now - now % 60_000
    }

    @Test("a launched session buys through the fake exchange, books the fill once, replays exactly, agrees with a backtest of the same bars fill by fill, and never writes the secret")
    func buysAndReplays() async throws {
        let fake = try await Self.fake()
        defer { Task { await fake.stop() } }
        let (request, _) = try Self.launch(strategy: Self.buyOnce, fake: fake)
        let launch = try LiveLaunch.prepare(request, environment: [:], now: Date())
        let lines = LogLines()
        let closes = [30_000.0, 30_010, 30_020], start = try await Self.currentMinute()
        let status = try await launch.run(gateway: launch.gateway(), bars: ListBars(closes: closes, fake: fake, start: start), log: lines.append)
        let state = await fake.state()
        #expect(state.trades.count == 1, "one order, one fill: \(state.trades)")
        #expect(status.venuePosition == status.enginePosition && status.enginePosition > 0, "\(status)")
        #expect(status.bookedTrades.count == 1)
        let replay = try LiveReplay.run(journal: request.journalPath)
        #expect(replay.matches, "\(String(describing: replay.firstMismatch))")
        #expect(replay.intents == 1)
        for file in [request.journalPath, request.project.stateDirectory + "/runtime.log"] {
            let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            #expect(!text.isEmpty, "\(file) was written")
            #expect(!text.contains(LaunchProject.secret), "\(file) holds the secret")
        }
        #expect(!lines.text.contains(LaunchProject.secret))
        let run = try RunRecord.load(request.journalPath)
        #expect(run.kind == .live && run.fills.count == 1 && run.rows.count == 3, "spark diff reads the live journal: \(run.fills.count) fills, \(run.rows.count) bars")
        // spark diff of the live journal against a backtest of the same bars: the strategy's fills agree,
        // fill by fill, in every field but the time (the exchange filled during the bar the backtest
        // stamps its fill with). The backtest also closes out what is open at the end of its data.
        let same = try RunDiff.compare(try Self.backtest(strategy: request.strategyPath, closes: closes, start: start, project: request.project, name: "backtest"), request.journalPath)
        let closeOuts = Set(same.a.orders.filter { $0.fields["origin"] == "close_out" }.compactMap { $0.fields["order"] })
        let simulated = same.a.fills.filter { !closeOuts.contains($0.fields["order"] ?? "") }
        #expect(simulated.count == 1 && same.b.fills.count == 1 && closeOuts.count == 1, "backtest \(same.a.fills) vs live \(same.b.fills)")
        for (backtested, live) in zip(simulated, same.b.fills) {
            #expect(backtested.fields.filter { $0.key != "time" } == live.fields.filter { $0.key != "time" }, "backtest \(backtested) vs live \(live)")
            let bar = try #require(backtested.time), filled = try #require(live.time)
            #expect(filled >= bar && filled < bar + 60_000, "the live fill at \(filled) is not inside its bar \(bar)")
        }
        // A backtest with another qty differs, and the diff says where: the first fill's quantity.
        let other = try RunDiff.compare(
            try Self.backtest(strategy: request.strategyPath, closes: closes, start: start, project: request.project, overrides: ["qty": .parse("0.02")], name: "backtest-qty"),
            request.journalPath
        )
        #expect(!other.identical && other.divergence?.changes.contains { $0.name == "qty" } == true, "\(other.text)")
    }
}

/// Log lines, collected from any task.
final class LogLines: @unchecked Sendable {
    private var lines: [String] = []
    private let lock = NSLock()
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var text: String { lock.withLock { lines.joined(separator: "\n") } }
}
