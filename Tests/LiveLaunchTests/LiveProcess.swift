import Foundation

/// A `spark live` process against the fake exchange, its output in files.
final class LiveProcess: @unchecked Sendable {
    static let binary = ProcessInfo.processInfo.environment["SPARK_BIN"] ?? LaunchProject.repo + "/.build/debug/spark"

    let process = Process()
    let stdoutPath: String
    let stderrPath: String

    /// Starts `spark live arguments` in `project`, with `environment` added (SPARK_CRASHPOINT, say).
    init(_ arguments: [String], project: String, environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["live"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: project)
        var env = ProcessInfo.processInfo.environment
        env["SPARK_PROJECT"] = project
        env.removeValue(forKey: "SPARK_CRASHPOINT")
        env.removeValue(forKey: "SPARK_LIVE_CREDENTIALS")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let base = project + "/live-\(UUID().uuidString.prefix(6))"
        stdoutPath = base + ".out"
        stderrPath = base + ".err"
        FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        try process.run()
    }

    var output: String {
        ((try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "") + ((try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "")
    }

    /// Waits up to `seconds` for the process to end, calling `meanwhile` every 250 ms; false on timeout (then it is killed).
    func wait(seconds: Double, meanwhile: () async -> Void = {}) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline {
            await meanwhile()
            try? await Task.sleep(for: .milliseconds(250))
        }
        guard !process.isRunning else {
            process.terminate()
            return false
        }
        return true
    }

    /// Whether it died of SIGKILL (a crash point), not an exit.
    var wasKilled: Bool { process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL }
}
