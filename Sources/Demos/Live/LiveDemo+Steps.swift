import Foundation
import Approvals
import DataOps
import Engine
import Drivers
import Lab
import Live
import SparkConfig
import Workflow

extension LiveDemo {
    /// A throwaway project whose spark.yaml points at the fake, approved for live by a quant and two
    /// risk officers, and a credentials file (0600) pinned to it and its risk keys.
    static func desk(root: String, fake: FakeExchangeProcess, secret: String, print: (String) -> Void) throws -> (Project, credentials: String, strategy: String) {
        let desk = NSTemporaryDirectory() + "spark-demo-live-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: desk + "/strategies", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(root)/policies", toPath: "\(desk)/policies")
        let strategy = desk + "/strategies/live_demo.lua"
        try Self.strategy.write(toFile: strategy, atomically: true, encoding: .utf8)
        try """
        spark: 1
        name: live-demo
        live: { account: demo, rest_url: "\(fake.baseURL)", ws_api_url: "ws://127.0.0.1:\(fake.port)/ws-api/v3", stream_url: "ws://127.0.0.1:\(fake.port)" }

        """.write(toFile: desk + "/spark.yaml", atomically: true, encoding: .utf8)
        let project = try Project(root: desk)
        let now = Date().addingTimeInterval(-60)
        let approvals = try LiveDesk.create(project: project, strategiesDirectory: desk + "/strategies", keysDirectory: desk + "/keys", now: now)
        let proposal = try approvals.approveForLive(strategyPath: strategy, paramsPath: nil, symbol: "BTCUSDT", guardrailPolicy: project.policiesDirectory + "/default.yaml", now: now)
        // Outside the project: spark live refuses credentials inside the project or its repository.
        try FileManager.default.createDirectory(atPath: desk + "-secrets", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let credentials = desk + "-secrets/binance-live.yaml"
        let pins = try approvals.riskFingerprints.map { "  - \($0)\n" }.joined()
        try "api_key: demo-api-key\nhmac_secret: \(secret)\nproject_root: \(desk)\nrisk_key_fingerprints:\n\(pins)".write(toFile: credentials, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: credentials)
        print("   fake exchange on \(fake.baseURL); project \(desk): live proposal \(proposal) approved by rita and ravi [risk], every policy file approved")
        print("   credentials (mode 0600, outside the project) pin its root and its \(try approvals.riskFingerprints.count) risk keys")
        return (project, credentials, strategy)
    }

    /// Three sessions of one strategy; returns the last journal (its chain holds all three).
    static func sessions(_ context: Context, print: (String) -> Void) async throws -> String {
        var context = context
        let first = try context.start("live-1.jsonl", ["--bars", "3"])
        guard await first.await("\"subscribed\"") else { throw DemoError("the first live session did not start:\n\(first.output)") }
        try await context.fake.control("faults", ["faults": [["kind": "drop_response_after_place", "count": 1]]])
        try await context.bar(30_000, in: first)
        let resolved = await first.await("\"queried\"", seconds: 60)
        print("   session 1, bar 1: buy 0.01 sent; the exchange filled it but its answer was lost → UNKNOWN → \(resolved ? "queried by client id → FILLED, never sent twice" : "NOT RESOLVED")")
        try await context.fake.control("faults", ["faults": [["kind": "drop_user_stream", "count": 1, "during_fills": false]]])
        let recovered = await first.await("reconciled:", count: 2, seconds: 60)
        print("   user stream dropped by the exchange → \(recovered ? "resubscribed and reconciled before any new order" : "NOT RECOVERED")")
        try await context.bar(30_020, in: first)
        try await context.bar(30_040, in: first)
        _ = await first.end()
        print("   session 1 ended after 3 bars: " + first.summary.joined(separator: "; "))

        let second = try context.start("live-2.jsonl", ["--bars", "2", "--resume", first.journal], crash: "after_response")
        guard await second.await("\"subscribed\"") else { throw DemoError("the second live session did not start:\n\(second.output)") }
        try await context.bar(30_060, in: second)
        let status = await second.end()
        let state = try await context.fake.state()
        let orders = (state["orders"] as? [[String: Any]] ?? []).filter { ($0["clientOrderId"] as? String)?.hasPrefix("sk1-") == true }
        let filled = orders.filter { $0["status"] as? String == "FILLED" }.count
        print("   session 2 (--resume): bar 4's buy filled on the exchange, then kill -9 before Spark journaled the answer (SPARK_CRASHPOINT=after_response) → \(status == nil ? "killed" : "NOT KILLED"); the exchange shows \(filled) filled Spark orders")

        let third = try context.start("live-3.jsonl", ["--bars", "1", "--resume", second.journal])
        guard await third.await("reconciled:") else { throw DemoError("the restarted session did not reconcile:\n\(third.output)") }
        print("   session 3 (--resume): reconciled with the exchange; the fill made while it was down is booked once")
        try await context.bar(30_080, in: third)
        _ = await third.end()
        print("   session 3, bar 5: position closed. The whole chain: " + third.summary.joined(separator: "; "))
        return third.journal
    }

    /// Replays the chain and compares it with a backtest over the same stored bars.
    static func check(_ context: Context, journal: String, print: (String) -> Void, warn: @escaping (String) -> Void) async throws {
        let replay = try LiveReplay.run(journal: journal)
        print("   spark replay \(journal): \(replay.journals) journals, \(replay.inputs) inputs, \(replay.intents) intents → \(replay.matches ? "parity: every intent and decision match" : "MISMATCH")")
        let database = "\(context.directory)/bars.db"
        let quality = try DataQuality.run(databasePath: database, symbol: "BTCUSDT", interval: "1m")
        print("   the bars the live feed stored (\(database)): quality check \(quality.passed ? "passed" : "FAILED: \(quality.failedFatal)")")
        var backtest = BacktestRequest(strategyPath: context.strategy, data: .database(path: database), symbol: "BTCUSDT")
        backtest.outDirectory = "\(context.directory)/backtest"
        backtest.instrumentsPath = context.instruments
        backtest.policyPath = context.project.policiesDirectory + "/default.yaml"
        // The fake fills a market order at the last price, the bar's close, and charges 0.1 %.
        backtest.fillModel = FillModel(marketFill: .close, takerFeeBps: 10)
        _ = try Backtest.run(backtest, warn: warn)
        let diff = try RunDiff.compare(backtest.outDirectory!, journal)
        print("   spark diff \(context.directory)/backtest \(journal) (the same stored bars, simulated vs the exchange's fills):")
        print(diff.text.split(separator: "\n").prefix(14).map { "     " + $0 }.joined(separator: "\n"))
        print("")
    }
}
