import Foundation
import Serve
import Testing

@Suite("a session's process is its unit of failure", .serialized)
struct SupervisionTests {
    static func bars(_ client: ServeClient, _ id: String) async throws -> Int {
        let status = ServeClient.object(try await client.get("/sessions/\(id)").body)["status"] as? [String: Any]
        return status?["bars"] as? Int ?? 0
    }

    static func session(_ client: ServeClient, _ id: String) async throws -> [String: Any] {
        ServeClient.object(try await client.get("/sessions/\(id)").body)
    }

    static func start(_ client: ServeClient, _ project: ServeProject, speed: String = "300", strategy: String = "sma_cross") async throws -> String {
        let answer = try await client.signed("POST", "/sessions", key: project.desk.quant, json: ["mode": "paper", "strategy": "strategies/\(strategy).lua", "symbol": "BTCUSDT", "feed": "data/sample/BTCUSDT-1m-synthetic.csv", "speed": speed])
        #expect(answer.status == 201, "\(String(decoding: answer.body, as: UTF8.self))")
        return ServeClient.object(answer.body)["id"] as? String ?? ""
    }

    @Test("kill -9 of one session's process leaves the other trading, and the executor restarts the killed one")
    func killNineRestarts() async throws {
        let project = try ServeProject.make()
        let server = try await project.start([.executor])
        defer { Task { await server.stop() } }
        // A test ends before the asynchronous stop: no session process may outlive it.
        defer { project.killSessions() }
        let client = ServeClient(port: server.ports[.executor]!)
        let victim = try await Self.start(client, project)
        // One session per strategy in a project (its session lock): the other one trades breakout.
        let survivor = try await Self.start(client, project, strategy: "breakout")
        let pid = try #require(try await Self.session(client, victim)["pid"] as? Int)
        kill(Int32(pid), SIGKILL)
        let before = try await Self.bars(client, survivor)
        var restarted: [String: Any] = [:]
        for _ in 0..<100 {
            try await Task.sleep(for: .milliseconds(100))
            restarted = try await Self.session(client, victim)
            if restarted["state"] as? String == "running", (restarted["pid"] as? Int) != pid { break }
        }
        #expect(restarted["restarts"] as? Int == 1)
        #expect((restarted["pid"] as? Int).map { $0 != pid } == true, "a new process runs the session")
        #expect((restarted["journals"] as? [String])?.count == 2, "the killed run's journal is kept; the restart writes a new one")
        var after = before
        for _ in 0..<50 where after <= before {
            try await Task.sleep(for: .milliseconds(100))
            after = try await Self.bars(client, survivor)
        }
        let survivorState = try await Self.session(client, survivor)
        #expect(after > before, "the other session kept trading: \(before) then \(after) bars; \(survivorState)")
        #expect(try await Self.session(client, survivor)["restarts"] as? Int == 0)
        let scrape = String(decoding: try await client.get("/metrics").body, as: UTF8.self)
        #expect(scrape.contains(#"spark_session_restarts_total{mode="paper",strategy="sma_cross",symbol="BTCUSDT"} 1"#))
    }

    @Test("a second session of a strategy that already runs is refused with the session lock's message")
    func oneSessionPerStrategy() async throws {
        let project = try ServeProject.make()
        let server = try await project.start([.executor])
        defer { Task { await server.stop() } }
        // A test ends before the asynchronous stop: no session process may outlive it.
        defer { project.killSessions() }
        let client = ServeClient(port: server.ports[.executor]!)
        _ = try await Self.start(client, project)
        let second = try await client.signed("POST", "/sessions", key: project.desk.quant, json: ["mode": "paper", "strategy": "strategies/sma_cross.lua", "symbol": "BTCUSDT", "feed": "data/sample/BTCUSDT-1m-synthetic.csv"])
        #expect(second.status == 422, "\(String(decoding: second.body, as: UTF8.self))")
        let sessions = try JSONSerialization.jsonObject(with: try await client.get("/sessions").body) as? [[String: Any]]
        #expect(sessions?.map { $0["state"] as? String } == ["running", "failed"], "the refused one failed and was not restarted")
    }

    @Test("a session the launch gate refuses fails to start with the gate's own message")
    func refusedStart() async throws {
        let project = try ServeProject.make(approve: false)
        let server = try await project.start([.executor])
        defer { Task { await server.stop() } }
        // A test ends before the asynchronous stop: no session process may outlive it.
        defer { project.killSessions() }
        let client = ServeClient(port: server.ports[.executor]!)
        let answer = try await client.signed("POST", "/sessions", key: project.desk.quant, json: ["mode": "paper", "strategy": "strategies/sma_cross.lua", "symbol": "BTCUSDT", "feed": "data/sample/BTCUSDT-1m-synthetic.csv"])
        #expect(answer.status == 422)
        let error = ServeClient.object(answer.body)["error"] as? [String: Any]
        #expect((error?["message"] as? String)?.contains("approv") == true, "\(String(decoding: answer.body, as: UTF8.self))")
    }

    @Test("a session's files must be the project's: paths outside it and flag-like values are refused")
    func pathsStayInside() async throws {
        let project = try ServeProject.make(approve: false)
        let server = try await project.start([.executor])
        defer { Task { await server.stop() } }
        // A test ends before the asynchronous stop: no session process may outlive it.
        defer { project.killSessions() }
        let client = ServeClient(port: server.ports[.executor]!)
        for strategy in ["/etc/passwd", "../strategies/sma_cross.lua", "--help"] {
            let answer = try await client.signed("POST", "/sessions", key: project.desk.quant, json: ["mode": "paper", "strategy": strategy, "symbol": "BTCUSDT", "feed": "data/sample/BTCUSDT-1m-synthetic.csv"])
            #expect(answer.status == 400, "\(strategy)")
        }
    }

    @Test("a live start with a quant key is refused for its role before any process starts")
    func liveNeedsRisk() async throws {
        let project = try ServeProject.make(approve: false)
        let server = try await project.start([.executor])
        defer { Task { await server.stop() } }
        // A test ends before the asynchronous stop: no session process may outlive it.
        defer { project.killSessions() }
        let client = ServeClient(port: server.ports[.executor]!)
        let answer = try await client.signed("POST", "/sessions", key: project.desk.quant, json: ["mode": "live", "strategy": "strategies/sma_cross.lua", "symbol": "BTCUSDT"])
        #expect(answer.status == 403)
        let listed = try JSONSerialization.jsonObject(with: try await client.get("/sessions").body) as? [Any]
        #expect(listed?.isEmpty == true, "no session was made")
    }
}
