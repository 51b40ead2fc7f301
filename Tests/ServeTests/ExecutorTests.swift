import Foundation
import Serve
import Testing

@Suite("the executor runs sessions in their own processes", .serialized)
struct ExecutorTests {
    @Test("a signed paper start runs the session, its telemetry reaches /sessions and /metrics, and a signed stop ends it")
    func startsReportsAndStops() async throws {
        let project = try ServeProject.make()
        let server = try await project.start([.executor])
        defer { Task { await server.stop() } }
        // A test ends before the asynchronous stop: no session process may outlive it.
        defer { project.killSessions() }
        let client = ServeClient(port: server.ports[.executor]!)
        let started = try await client.signed("POST", "/sessions", key: project.desk.quant, json: ["mode": "paper", "strategy": "strategies/sma_cross.lua", "symbol": "BTCUSDT", "feed": "data/sample/BTCUSDT-1m-synthetic.csv", "speed": "600"])
        #expect(started.status == 201, "\(String(decoding: started.body, as: UTF8.self))")
        let id = ServeClient.object(started.body)["id"] as? String ?? ""
        var bars = 0
        for _ in 0..<100 where bars < 5 {
            try await Task.sleep(for: .milliseconds(100))
            let status = ServeClient.object(try await client.get("/sessions/\(id)").body)["status"] as? [String: Any]
            bars = status?["bars"] as? Int ?? 0
        }
        #expect(bars >= 5, "the session reported bars through its telemetry")
        let scrape = String(decoding: try await client.get("/metrics").body, as: UTF8.self)
        #expect(scrape.contains("spark_strategy_decision_duration_seconds_bucket{"))
        #expect(scrape.contains("spark_sessions{mode=\"paper\",state=\"running\"} 1"))
        let stopped = try await client.signed("POST", "/sessions/\(id)/stop", key: project.desk.quant, json: [:])
        #expect(stopped.status == 200)
        #expect(ServeClient.object(stopped.body)["state"] as? String == "stopped")
    }
}
