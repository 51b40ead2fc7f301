import Approvals
import Foundation
import Serve
import SparkConfig
import Workflow
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The service part of `spark demo`: `spark serve` against `spark-fake-binance`, a paper session
/// started through the executor with a signed request, a refused unsigned one, a `/metrics`
/// excerpt, then a clean stop.
public enum ServeDemo {
    /// Runs the step, writing under `output/serve`.
    public static func run(root: String, output: String, print: (String) -> Void) async throws {
        print("== 9. Services: spark serve (executor, backtest, streams, web) against spark-fake-binance, driven by signed requests")
        let directory = URL(fileURLWithPath: output + "/serve").standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let secretFile = directory + "/fake-hmac-secret"
        try Data(UUID().uuidString.utf8).write(to: URL(fileURLWithPath: secretFile))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secretFile)
        let fake = try FakeExchangeProcess(directory: directory, apiKey: "demo-serve-key", secretFile: secretFile)
        defer { fake.stop() }
        let (project, quant) = try desk(root: root, fake: fake)
        let serve = try ServeProcess(project: project.root, directory: directory)
        defer { serve.kill() }
        print("   spark serve: executor \(serve.url(.executor)), backtest \(serve.url(.backtest)), streams \(serve.url(.streams)) (bound to 127.0.0.1)")
        print("   dashboard: \(serve.url(.web))/ (read-only, no JavaScript; open it while the step runs)")
        let client = DemoClient(signer: ControlSigner(key: quant))
        let unsigned = try await client.send("POST", serve.url(.executor) + "/sessions", body: Data("{}".utf8), signed: false)
        print("   an unsigned POST /sessions → \(unsigned.status): \(DemoClient.errorMessage(unsigned.body))")
        let body = try JSONSerialization.data(withJSONObject: ["mode": "paper", "strategy": "strategies/sma_cross.lua", "symbol": "BTCUSDT", "feed": "binance:BTCUSDT"], options: [.sortedKeys])
        let started = try await client.send("POST", serve.url(.executor) + "/sessions", body: body, signed: true)
        let session = DemoClient.object(started.body)
        guard started.status == 201, let id = session["id"] as? String else {
            throw DemoError("the executor did not start the paper session: \(started.status) \(String(decoding: started.body, as: UTF8.self))")
        }
        print("   POST /sessions signed by quinn [quant] → \(started.status): session \(id), pid \(session["pid"] as? Int ?? 0), its market from the streams relay \((session["request"] as? [String: Any])?["market_url"] as? String ?? "")")
        var minute = (Int64(Date().timeIntervalSince1970 * 1000) / 60_000 - 6) * 60_000
        var bars = 0
        for index in 0..<40 where bars < 3 {
            if index < 5 {
                try await fake.control("bar", ["symbol": "BTCUSDT", "open": 30_000, "high": 30_060, "low": 29_950, "close": 30_000 + Double(index * 10), "volume": 2, "openTime": minute])
                minute += 60_000
            }
            try await Task.sleep(for: .milliseconds(250))
            let status = DemoClient.object(try await client.send("GET", serve.url(.executor) + "/sessions/\(id)").body)["status"] as? [String: Any]
            bars = status?["bars"] as? Int ?? 0
        }
        guard bars >= 3 else { throw DemoError("the paper session took \(bars) bars from the relay; see \(project.root)/state/serve/sessions/\(id)/session.log") }
        print("   the session traded \(bars) closed bars the fake exchange published, through one exchange connection (the streams service's)")
        let scrape = String(decoding: try await client.send("GET", serve.url(.executor) + "/metrics").body, as: UTF8.self)
        let streams = String(decoding: try await client.send("GET", serve.url(.streams) + "/metrics").body, as: UTF8.self)
        print("   /metrics excerpt:")
        for line in excerpt(scrape, ["spark_sessions{mode=\"paper\",state=\"running\"}", "spark_strategy_decision_duration_seconds_count{", "spark_equity{", "spark_control_requests_total{action=\"paper.start\",outcome=\"accepted\"}"])
            + excerpt(streams, ["spark_md_messages_total{", "spark_md_ingest_lag_seconds_count{", "spark_stream_subscribers "])
        {
            print("     \(line)")
        }
        let status = try serve.stop()
        let journal = (session["journals"] as? [String])?.first ?? ""
        let closed = (try? String(contentsOfFile: journal, encoding: .utf8))?.split(separator: "\n").last?.contains("\"type\":\"end\"") == true
        print("   SIGTERM → spark serve exited \(status) after stopping the session between bars (journal \(closed ? "closed with its end record" : "NOT closed"))")
        print("   run it yourself: spark serve (docs/serve.md); dashboards and alerts for it: docs/operations.md\n")
        guard status == 0, closed else { throw DemoError("spark serve did not stop cleanly (exit \(status), journal closed: \(closed))") }
    }

    /// The first line of each family in `scrape` that starts with one of `prefixes`.
    static func excerpt(_ scrape: String, _ prefixes: [String]) -> [String] {
        let lines = scrape.split(separator: "\n").map(String.init)
        return prefixes.compactMap { prefix in lines.first { $0.hasPrefix(prefix) } }
    }

    /// A throwaway project approved for paper on sma_cross, streaming BTCUSDT from `fake`; returns it
    /// and the quant's key.
    static func desk(root: String, fake: FakeExchangeProcess) throws -> (Project, SigningKey) {
        let desk = NSTemporaryDirectory() + "spark-demo-serve-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: desk + "/strategies", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(root)/policies", toPath: "\(desk)/policies")
        try FileManager.default.copyItem(atPath: "\(root)/strategies/sma_cross.lua", toPath: "\(desk)/strategies/sma_cross.lua")
        try """
        spark: 1
        name: serve-demo
        serve: { executor_port: 0, backtest_port: 0, streams_port: 0, web_port: 0, stream_symbols: [BTCUSDT], market_url: "\(fake.baseURL)" }

        """.write(toFile: desk + "/spark.yaml", atomically: true, encoding: .utf8)
        let project = try Project(root: desk)
        let now = Date().addingTimeInterval(-60)
        let approvals = try LiveDesk.create(project: project, strategiesDirectory: desk + "/strategies", keysDirectory: desk + "/keys", now: now)
        try approvals.approveForLive(strategyPath: desk + "/strategies/sma_cross.lua", paramsPath: nil, symbol: "BTCUSDT", guardrailPolicy: project.policiesDirectory + "/default.yaml", now: now)
        return (project, approvals.quant)
    }
}
