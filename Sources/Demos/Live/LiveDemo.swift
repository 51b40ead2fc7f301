import Foundation
import Approvals
import Drivers
import Lab
import Live
import SparkConfig
import Workflow

/// The live part of `spark demo`: `spark live` against `spark-fake-binance` on loopback, with a dropped
/// response resolved by query, a user-stream disconnect recovered, a `kill -9` after an order was sent
/// and a restart that reconciles, then replay and diff of the journal.
enum LiveDemo {
    /// Buys on bars 1, 3 and 4, closes the position on bar 5: a few orders.
    static let strategy = """
    strategy = { name = "live_demo", description = "A few market orders for the live demo", params = {
      size = { type = "number", min = 0.00001, default = 0.01, description = "order size in BTC" },
    } }
    local n = 0
    function on_bar(ctx, bar)
      n = n + 1
      if n == 1 or n == 3 or n == 4 then ctx:buy{ qty = ctx.params.size }
      elseif n == 5 then ctx:close() end
    end
    """

    static func run(root: String, output: String, print: (String) -> Void, warn: @escaping (String) -> Void) async throws {
        print("== 5b. Live: spark live against spark-fake-binance on loopback (a fake Binance spot exchange with injectable faults)")
        // Absolute: the sessions run in the throwaway project's directory, not this one.
        let directory = URL(fileURLWithPath: output + "/live").standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let secret = (0..<4).map { _ in String(UInt64.random(in: 0...UInt64.max), radix: 16) }.joined()
        let secretFile = directory + "/fake-hmac-secret"
        try Data(secret.utf8).write(to: URL(fileURLWithPath: secretFile))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secretFile)
        let fake = try FakeExchangeProcess(directory: directory, apiKey: "demo-api-key", secretFile: secretFile)
        defer { fake.stop() }
        let (project, credentials, strategyPath) = try desk(root: root, fake: fake, secret: secret, print: print)
        let context = Context(project: project, strategy: strategyPath, directory: directory, fake: fake, credentials: credentials, instruments: "\(root)/data/instruments.yaml")
        let journal = try await sessions(context, print: print)
        try await check(context, journal: journal, print: print, warn: warn)
    }

    struct Context {
        let project: Project
        let strategy: String
        let directory: String
        let fake: FakeExchangeProcess
        let credentials: String
        let instruments: String
        /// Bars start at this minute, a minute apart: the stale-data breaker (no closed bar for 3 minutes
        /// with a position open) stays quiet through the 30 s the fake withholds the lost answer.
        var minute = Int64(Date().timeIntervalSince1970 * 1000) / 60_000 * 60_000

        func start(_ journal: String, _ arguments: [String], crash: String? = nil) throws -> LiveProcessRun {
            var environment = ["SPARK_LIVE_CREDENTIALS": credentials]
            if let crash { environment["SPARK_CRASHPOINT"] = crash }
            return try LiveProcessRun(
                project: project.root, journal: "\(directory)/\(journal)",
                arguments: ["--strategy", strategy, "--symbol", "BTCUSDT", "--db", "\(directory)/bars.db"] + arguments, environment: environment
            )
        }

        /// The next 1-minute bar on the fake (its kline closes and its trades move the price), then
        /// waits until `session` journaled it.
        mutating func bar(_ close: Double, in session: LiveProcessRun) async throws {
            try await fake.control("bar", ["symbol": "BTCUSDT", "open": close - 3, "high": close + 6, "low": close - 6, "close": close, "volume": 2, "openTime": minute])
            guard await session.await("\"time\":\(minute)", seconds: 60) else { throw DemoError("the live session did not take bar \(minute):\n\(session.output)") }
            minute += 60_000
        }
    }
}
