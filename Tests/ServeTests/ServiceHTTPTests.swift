import Foundation
import Serve
import Testing

@Suite("health, readiness, metrics and bad requests on every service", .serialized)
struct ServiceHTTPTests {
    @Test("each service answers /healthz, /readyz and /metrics with its build info")
    func healthAndMetrics() async throws {
        let project = try ServeProject.make(approve: false)
        let server = try await project.start([.executor, .backtest])
        defer { Task { await server.stop() } }
        // A test ends before the asynchronous stop: no session process may outlive it.
        defer { project.killSessions() }
        for kind in [ServiceKind.executor, .backtest] {
            let client = ServeClient(port: server.ports[kind]!)
            #expect(try await client.get("/healthz").status == 200)
            #expect(try await client.get("/readyz").status == 200)
            let scrape = String(decoding: try await client.get("/metrics").body, as: UTF8.self)
            #expect(scrape.contains("spark_build_info{service=\"\(kind.rawValue)\",version=\"test\"} 1"))
            #expect(scrape.contains("spark_ready{service=\"\(kind.rawValue)\"} 1"))
            #expect(scrape.contains("spark_http_requests_total{code=\"200\",endpoint=\"/healthz\",service=\"\(kind.rawValue)\"} 1"))
        }
    }

    @Test("the kill switch engaged through the executor makes /readyz answer 503 with the reason, and a risk key releases it")
    func killMakesUnready() async throws {
        let project = try ServeProject.make(approve: false)
        let server = try await project.start([.executor])
        defer { Task { await server.stop() } }
        // A test ends before the asynchronous stop: no session process may outlive it.
        defer { project.killSessions() }
        let client = ServeClient(port: server.ports[.executor]!)
        let engaged = try await client.signed("POST", "/kill", key: project.desk.quant, json: ["on": true, "level": 2, "reason": "test incident"])
        #expect(engaged.status == 200)
        let ready = try await client.get("/readyz")
        #expect(ready.status == 503)
        #expect((ServeClient.object(ready.body)["reasons"] as? [String])?.first?.contains("kill switch level 2: test incident") == true)
        let scrape = String(decoding: try await client.get("/metrics").body, as: UTF8.self)
        #expect(scrape.contains("spark_ready{service=\"executor\"} 0"))
        #expect(try await client.signed("POST", "/kill", key: project.desk.quant, json: ["on": false]).status == 403)
        #expect(try await client.signed("POST", "/kill", key: project.desk.risk[0], json: ["on": false]).status == 200)
        #expect(try await client.get("/readyz").status == 200)
    }

    @Test("an oversized body is refused with 413 and a body that is not the endpoint's JSON with 400")
    func badBodies() async throws {
        let project = try ServeProject.make(serve: ", max_body_bytes: 1024", approve: false)
        let server = try await project.start([.executor])
        defer { Task { await server.stop() } }
        // A test ends before the asynchronous stop: no session process may outlive it.
        defer { project.killSessions() }
        let client = ServeClient(port: server.ports[.executor]!)
        let big = try await client.signed("POST", "/kill", key: project.desk.quant, json: ["reason": String(repeating: "x", count: 4096)])
        #expect(big.status == 413)
        let wrong = try await client.signed("POST", "/breakers/reset", key: project.desk.risk[0], json: ["strategy": 12])
        #expect(wrong.status == 400)
        #expect((ServeClient.object(wrong.body)["error"] as? [String: Any])?["message"] as? String != nil)
    }

    @Test("a real scrape passes promtool check metrics (which CI must have)")
    func promtoolAcceptsTheScrape() async throws {
        guard let promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first(where: FileManager.default.isExecutableFile) else {
            #expect(ProcessInfo.processInfo.environment["CI"] != "true", "promtool is missing: .ci/setup installs prometheus")
            return
        }
        let project = try ServeProject.make()
        let server = try await project.start([.executor, .backtest])
        defer { Task { await server.stop() } }
        // A test ends before the asynchronous stop: no session process may outlive it.
        defer { project.killSessions() }
        let client = ServeClient(port: server.ports[.executor]!)
        let id = try await SupervisionTests.start(client, project, speed: "max")
        for _ in 0..<100 {
            try await Task.sleep(for: .milliseconds(100))
            if (try await SupervisionTests.session(client, id)["state"] as? String) == "finished" { break }
        }
        _ = try await client.signed("POST", "/kill", key: project.desk.quant, json: ["on": true, "reason": "scrape"])
        for port in [server.ports[.executor]!, server.ports[.backtest]!] {
            let scrape = try await ServeClient(port: port).get("/metrics").body
            let file = NSTemporaryDirectory() + "spark-scrape-\(UUID().uuidString).txt"
            try scrape.write(to: URL(fileURLWithPath: file))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: promtool)
            process.arguments = ["check", "metrics"]
            process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: file))
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            process.waitUntilExit()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationStatus == 0 && text.isEmpty, "promtool check metrics: \(text)")
        }
    }
}
