import Foundation

/// One `spark live` process of the demo: its journal, output and end.
final class LiveProcessRun {
    let process = Process()
    let journal: String
    let outputPath: String

    /// Starts `spark live` (this executable) in `project` with `arguments`, writing `journal`.
    init(project: String, journal: String, arguments: [String], environment: [String: String]) throws {
        self.journal = journal
        outputPath = journal + ".out"
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        process.executableURL = LiveProcessRun.sibling("spark")
        process.arguments = ["live", "--journal", journal] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: project)
        var env = ProcessInfo.processInfo.environment
        env["SPARK_PROJECT"] = project
        env.removeValue(forKey: "SPARK_CRASHPOINT")
        env.merge(environment) { $1 }
        process.environment = env
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardOutput = output
        process.standardError = output
        try process.run()
    }

    /// The executable `name` in the directory of the running one (`spark` and `spark-fake-binance` are
    /// built side by side; under `swift test` the test runner sits beside them too).
    static func sibling(_ name: String) -> URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent(name)
    }

    /// A session the demo gave up on (an error thrown mid-step) does not outlive it.
    deinit {
        if process.isRunning { process.terminate() }
    }

    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }
    private var journalText: String { (try? String(contentsOfFile: journal, encoding: .utf8)) ?? "" }

    /// Waits until the journal holds `text` `count` times (or the process ended); false after `seconds`.
    @discardableResult
    func await(_ text: String, count: Int = 1, seconds: Double = 60) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if journalText.components(separatedBy: text).count - 1 >= count { return true }
            if !process.isRunning { return false }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// Waits for the process to end (killing it after `seconds`); its exit status, or nil when it died of a signal.
    func end(seconds: Double = 60) async -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        return process.terminationReason == .exit ? process.terminationStatus : nil
    }

    /// The lines of its output that say how it ended.
    var summary: [String] {
        output.split(separator: "\n").map(String.init).filter {
            $0.hasPrefix("orders:") || $0.hasPrefix("fills booked:") || $0.hasPrefix("position") || $0.contains("still working")
        }
    }
}
