import FakeBinance
import Foundation
import Serve
import Testing

/// `spark serve` as a process: what an operator runs.
@Suite("spark serve as a process", .serialized)
struct ServeProcessTests {
    /// Starts `spark serve SERVICES` in `project` and waits for its ports file.
    static func serve(_ project: ServeProject, _ services: [String]) async throws -> (Process, [String: Int]) {
        let portsFile = project.root + "/ports-\(UUID().uuidString.prefix(6)).json"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServeProject.spark)
        process.arguments = ["serve"] + services + ["--ports-file", portsFile]
        process.currentDirectoryURL = URL(fileURLWithPath: project.root)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        for _ in 0..<300 {
            if let data = FileManager.default.contents(atPath: portsFile), let ports = try? JSONSerialization.jsonObject(with: data) as? [String: Int] {
                return (process, ports)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.terminate()
        throw ServeError("test", "spark serve did not write its ports", where: portsFile)
    }

    /// Running, not a zombie: an orphan nobody reaps still answers kill(pid, 0).
    static func alive(_ pid: Int) -> Bool {
        guard kill(Int32(pid), 0) == 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first != "Z"
    }

    @Test("after the executor is killed with -9, a new one re-attaches to the session that kept running, and SIGTERM stops it cleanly")
    func reattaches() async throws {
        let project = try ServeProject.make()
        let (first, ports) = try await Self.serve(project, ["executor"])
        let client = ServeClient(port: ports["executor"]!)
        let id = try await SupervisionTests.start(client, project, speed: "120")
        let pid = try #require(try await SupervisionTests.session(client, id)["pid"] as? Int)
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(Self.alive(pid), "the session's process outlived its executor")
        let (second, again) = try await Self.serve(project, ["executor"])
        let next = ServeClient(port: again["executor"]!)
        let session = try await SupervisionTests.session(next, id)
        #expect(session["state"] as? String == "running")
        #expect(session["pid"] as? Int == pid, "the same process, re-attached")
        #expect((session["reason"] as? String)?.contains("re-attached") == true)
        let before = try await SupervisionTests.bars(next, id)
        try await Task.sleep(for: .seconds(2))
        #expect(try await SupervisionTests.bars(next, id) > before, "its telemetry is read again")
        second.terminate()
        second.waitUntilExit()
        #expect(second.terminationStatus == 0)
        #expect(!Self.alive(pid), "a graceful shutdown stops the sessions first")
        let journal = try #require((session["journals"] as? [String])?.last)
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        #expect(text.split(separator: "\n").last?.contains("\"end\"") == true, "the journal was closed, not cut")
    }
}

@Suite("the CLI is the client: spark … --server URL signs with the local key", .serialized)
struct RemoteCLITests {
    /// Runs `spark ARGS` in the project; returns the exit status, stdout and stderr.
    static func spark(_ project: ServeProject, _ arguments: [String]) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServeProject.spark)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: project.root)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stdout, stderr)
    }

    @Test("spark kill and spark sessions act through the executor; a quant key's release is refused with the role it needs")
    func cliSignsRequests() async throws {
        let project = try ServeProject.make()
        let server = try await project.start([.executor])
        defer { Task { await server.stop() } }
        // A test ends before the asynchronous stop: no session process may outlive it.
        defer { project.killSessions() }
        let url = "http://127.0.0.1:\(server.ports[.executor]!)"
        let keys = ["--key", "quinn", "--key-dir", project.root + "/keys"]
        let (engaged, out, _) = try Self.spark(project, ["kill", "on", "--reason", "cli test", "--server", url] + keys)
        #expect(engaged == 0 && out.contains("\"level\" : 2"), "\(out)")
        let (released, _, refusal) = try Self.spark(project, ["kill", "off", "--server", url] + keys)
        #expect(released == 1 && refusal.contains("403 forbidden") && refusal.contains("role operator or risk"), "\(refusal)")
        let (ok, _, _) = try Self.spark(project, ["kill", "off", "--server", url, "--key", "rita", "--key-dir", project.root + "/keys"])
        #expect(ok == 0)
        let (started, session, startErr) = try Self.spark(project, ["sessions", "start", "--server", url, "--strategy", "strategies/sma_cross.lua", "--symbol", "BTCUSDT", "--feed", "data/sample/BTCUSDT-1m-synthetic.csv", "--speed", "60"] + keys)
        #expect(started == 0 && session.contains("\"state\""), "\(startErr)")
        let (listed, list, _) = try Self.spark(project, ["sessions", "list", "--server", url])
        #expect(listed == 0 && list.contains("sma_cross.lua"))
        let (unsigned, _, hint) = try Self.spark(project, ["sessions", "stop", "x", "--server", url])
        #expect(unsigned != 0 && hint.contains("--key"), "a change without a key is refused before it is sent: \(hint)")
    }

    @Test("a --server nobody listens on fails with where and what to check")
    func unreachable() throws {
        let project = try ServeProject.make(approve: false)
        let (status, _, error) = try Self.spark(project, ["sessions", "list", "--server", "http://127.0.0.1:1"])
        #expect(status == 1 && error.contains("cannot reach http://127.0.0.1:1") && error.contains("is spark serve running"), "\(error)")
    }
}

@Suite("closed bars as server-sent events", .serialized)
struct ServerSentEventsTests {
    @Test("a client of /streams/bars?symbol= receives each closed bar as an event")
    func eventsArrive() async throws {
        let fake = try await FakeBinanceServer.start(FakeBinanceConfig())
        defer { Task { await fake.stop() } }
        let project = try ServeProject.make(serve: ", stream_symbols: [BTCUSDT], market_url: \"\(fake.baseURL)\"", approve: false)
        let server = try await project.start([.streams])
        defer { Task { await server.stop() } }
        // A test ends before the asynchronous stop: no session process may outlive it.
        defer { project.killSessions() }
        for _ in 0..<200 where await fake.marketSubscribers("btcusdt@kline_1m") == 0 { try await Task.sleep(for: .milliseconds(20)) }
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        curl.arguments = ["curl", "-sN", "--max-time", "60", "http://127.0.0.1:\(server.ports[.streams]!)/streams/bars?symbol=btcusdt"]
        let out = Pipe()
        curl.standardOutput = out
        try curl.run()
        let client = ServeClient(port: server.ports[.streams]!)
        for _ in 0..<400 {
            if String(decoding: try await client.get("/metrics").body, as: UTF8.self).contains("spark_stream_subscribers 1") { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let minute = (Int64(Date().timeIntervalSince1970 * 1000) / 60_000 - 3) * 60_000
        for index in 0..<2 {
            await fake.bar(open: 30_000, high: 30_100, low: 29_900, close: 30_050, volume: 4, openTime: minute + Int64(index) * 60_000)
        }
        for _ in 0..<400 {
            let snapshot = try JSONSerialization.jsonObject(with: try await client.get("/streams").body) as? [[String: Any]]
            if snapshot?.first?["time"] as? Int64 == minute + 60_000 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        try await Task.sleep(for: .milliseconds(300))
        curl.terminate()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        curl.waitUntilExit()
        #expect(text.hasPrefix(": subscribed"), "\(text)")
        #expect(text.components(separatedBy: "event: bar\n").count - 1 == 2, "\(text)")
        #expect(text.contains("\"time\":\(minute + 60_000)"))
    }
}
