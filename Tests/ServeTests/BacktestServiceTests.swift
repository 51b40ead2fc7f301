import Foundation
@testable import Serve
import Testing

@Suite("the backtest service queues jobs in its store", .serialized)
struct BacktestServiceTests {
    static var job: [String: Any] { ["kind": "backtest", "strategy": "strategies/sma_cross.lua", "symbol": "BTCUSDT", "data": "data/sample/BTCUSDT-1m-synthetic.csv"] }

    static func waitDone(_ client: ServeClient, _ id: Int) async throws -> [String: Any] {
        var view: [String: Any] = [:]
        for _ in 0..<300 {
            view = ServeClient.object(try await client.get("/jobs/\(id)").body)
            if let state = (view["job"] as? [String: Any])?["state"] as? String, state == "done" || state == "failed" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        return view
    }

    @Test("a finished sweep's evidence is found in the sealed directory the sweep made under the job's out")
    func sweepEvidence() throws {
        let out = NSTemporaryDirectory() + "spark-job-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let sealed = "\(out)/20261201T000000Z-abcd"
        try FileManager.default.createDirectory(atPath: sealed, withIntermediateDirectories: true)
        #expect(JobView.evidence(in: out).isEmpty)
        for name in ["leaderboard.csv", "best.json", "MANIFEST.sha256", "INDEX.md"] {
            FileManager.default.createFile(atPath: "\(sealed)/\(name)", contents: Data("x".utf8))
        }
        // A directory without a manifest is not evidence (a sweep stopped while staging).
        try FileManager.default.createDirectory(atPath: "\(out)/zz-staging", withIntermediateDirectories: true)
        #expect(JobView.evidence(in: out) == ["leaderboard.csv", "best.json", "MANIFEST.sha256", "INDEX.md"].map { "\(sealed)/\($0)" })
        // A backtest's files sit in out itself.
        FileManager.default.createFile(atPath: "\(out)/report.json", contents: Data("{}".utf8))
        #expect(JobView.evidence(in: out) == ["\(out)/report.json"])
    }

    @Test("a signed backtest job runs in its own process and links its evidence and report")
    func runsAJob() async throws {
        let project = try ServeProject.make(approve: false)
        let server = try await project.start([.backtest])
        defer { Task { await server.stop() } }
        // A test ends before the asynchronous stop: no session process may outlive it.
        defer { project.killSessions() }
        let client = ServeClient(port: server.ports[.backtest]!)
        let submitted = try await client.signed("POST", "/jobs", key: project.desk.quant, json: Self.job)
        #expect(submitted.status == 201, "\(String(decoding: submitted.body, as: UTF8.self))")
        let id = ServeClient.object(submitted.body)["id"] as? Int ?? 0
        let view = try await Self.waitDone(client, id)
        #expect((view["job"] as? [String: Any])?["state"] as? String == "done", "\(view)")
        #expect((view["evidence"] as? [String])?.contains { $0.hasSuffix("MANIFEST.sha256") } == true)
        let report = try await client.get("/jobs/\(id)/report")
        #expect(report.status == 200)
        #expect(ServeClient.object(report.body)["metrics"] != nil)
    }

    @Test("jobs queued when the service stops run after it starts again")
    func survivesRestart() async throws {
        let project = try ServeProject.make(serve: ", backtest_workers: 1", approve: false)
        let first = try await project.start([.backtest])
        var client = ServeClient(port: first.ports[.backtest]!)
        var ids: [Int] = []
        for _ in 0..<3 {
            let submitted = try await client.signed("POST", "/jobs", key: project.desk.quant, json: Self.job)
            ids.append(ServeClient.object(submitted.body)["id"] as? Int ?? 0)
        }
        await first.stop()
        let server = try await project.start([.backtest])
        defer { Task { await server.stop() } }
        // A test ends before the asynchronous stop: no session process may outlive it.
        defer { project.killSessions() }
        client = ServeClient(port: server.ports[.backtest]!)
        for id in ids {
            let view = try await Self.waitDone(client, id)
            #expect((view["job"] as? [String: Any])?["state"] as? String == "done", "job \(id): \(view)")
        }
    }

    @Test("a job spec naming a file outside the project is refused")
    func refusesOutsidePaths() async throws {
        let project = try ServeProject.make(approve: false)
        let server = try await project.start([.backtest])
        defer { Task { await server.stop() } }
        // A test ends before the asynchronous stop: no session process may outlive it.
        defer { project.killSessions() }
        let client = ServeClient(port: server.ports[.backtest]!)
        var job = Self.job
        job["data"] = "/etc/passwd"
        #expect(try await client.signed("POST", "/jobs", key: project.desk.quant, json: job).status == 400)
        #expect(try await client.send("POST", "/jobs", body: Data(), headers: [:]).status == 401)
    }
}
