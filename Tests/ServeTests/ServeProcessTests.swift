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
