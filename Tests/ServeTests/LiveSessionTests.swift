import FakeBinance
import Foundation
import Serve
import Testing

@Suite("live sessions through the executor", .serialized)
struct LiveSessionTests {
    static let secret = "ServeTestSecret-do-not-leak-4b1d"

    /// A project approved for live whose spark.yaml points at `fake`, with pinned credentials.
    static func project(fake: FakeBinanceServer) throws -> ServeProject {
        let live = "live: { account: srv1, request_timeout_ms: 30000, rest_url: \"\(fake.baseURL)\", ws_api_url: \"\(fake.webSocketAPIURL)\", stream_url: \"ws://127.0.0.1:\(fake.port)\", credentials: CREDENTIALS }"
        let project = try ServeProject.make()
        let credentials = project.root + "/../creds-\(UUID().uuidString.prefix(8)).yaml"
        let pins = "project_root: \(project.root)\nrisk_key_fingerprints:\n" + (try project.desk.riskFingerprints).map { "  - \($0)\n" }.joined()
        try "api_key: serve-api-key\nhmac_secret: \(secret)\n\(pins)".write(toFile: credentials, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: credentials)
        var yaml = try String(contentsOfFile: project.root + "/spark.yaml", encoding: .utf8)
        yaml += live.replacingOccurrences(of: "CREDENTIALS", with: "\"\(credentials)\"") + "\n"
        try yaml.write(toFile: project.root + "/spark.yaml", atomically: true, encoding: .utf8)
        return try ServeProject.reload(project)
    }

    @Test("a risk key starts a live session on the fake exchange; its telemetry fills the venue metrics; a quant key cannot stop it, a risk key can")
    func liveThroughTheExecutor() async throws {
        let fake = try await FakeBinanceServer.start(FakeBinanceConfig(
            accounts: [FakeAccountConfig(apiKey: "serve-api-key", credential: .hmac(secret: Self.secret), balances: ["USDT": 10_000])]
        ))
        defer { Task { await fake.stop() } }
        let project = try Self.project(fake: fake)
        let server = try await project.start([.executor])
        defer { Task { await server.stop() } }
        // A test ends before the asynchronous stop: no session process may outlive it.
        defer { project.killSessions() }
        let client = ServeClient(port: server.ports[.executor]!)
        let started = try await client.signed("POST", "/sessions", key: project.desk.risk[0], json: ["mode": "live", "strategy": "strategies/sma_cross.lua", "symbol": "BTCUSDT"])
        #expect(started.status == 201, "\(String(decoding: started.body, as: UTF8.self))")
        let id = ServeClient.object(started.body)["id"] as? String ?? ""
        var scrape = ""
        for _ in 0..<100 where !scrape.contains(#"spark_user_stream_connected{venue="binance"} 1"#) {
            try await Task.sleep(for: .milliseconds(100))
            scrape = String(decoding: try await client.get("/metrics").body, as: UTF8.self)
        }
        #expect(scrape.contains(#"spark_user_stream_connected{venue="binance"} 1"#), "\(scrape.split(separator: "\n").filter { $0.hasPrefix("spark_") && !$0.contains("bucket") }.joined(separator: "\n"))")
        #expect(scrape.contains(#"spark_venue_clock_offset_seconds{venue="binance"}"#))
        #expect(scrape.contains(#"spark_equity{mode="live",strategy="sma_cross",symbol="BTCUSDT"}"#))
        let log = try String(contentsOfFile: project.root + "/state/serve/sessions/\(id)/session.log", encoding: .utf8)
        #expect(!log.contains(Self.secret), "the session's log never holds the secret")
        #expect(try await client.signed("POST", "/sessions/\(id)/stop", key: project.desk.quant, json: [:]).status == 403)
        let stopped = try await client.signed("POST", "/sessions/\(id)/stop", key: project.desk.risk[1], json: [:])
        #expect(ServeClient.object(stopped.body)["state"] as? String == "stopped", "\(String(decoding: stopped.body, as: UTF8.self))")
    }
}
