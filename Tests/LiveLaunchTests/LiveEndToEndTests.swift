import Foundation
import Testing
import Binance
import BinanceNet
import FakeBinance
import Lab
import Live
import SparkConfig
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
    strategy = { name = "buy_once", params = {} }
    local n = 0
    function on_bar(ctx, bar)
      n = n + 1
      if n == 1 then ctx:buy{ qty = 0.01 } end
    end
    """

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

    @Test("a launched session buys through the fake exchange, books the fill once, replays exactly and never writes the secret")
    func buysAndReplays() async throws {
        let fake = try await Self.fake()
        defer { Task { await fake.stop() } }
        let (request, _) = try Self.launch(strategy: Self.buyOnce, fake: fake)
        let launch = try LiveLaunch.prepare(request, environment: [:], now: Date())
        let lines = LogLines()
        let status = try await launch.run(gateway: launch.gateway(), bars: ListBars(closes: [30_000, 30_010, 30_020], fake: fake), log: lines.append)
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
        #expect(try RunDiff.compare(request.journalPath, request.journalPath).identical)
    }
}

/// Log lines, collected from any task.
final class LogLines: @unchecked Sendable {
    private var lines: [String] = []
    private let lock = NSLock()
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var text: String { lock.withLock { lines.joined(separator: "\n") } }
}
