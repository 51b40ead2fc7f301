import Foundation

/// The `spark` executable run as a black box: `$SPARK_BIN`, else the debug build of this package, so
/// the same attack can be pointed at an older build and seen to get through.
enum SparkCLI {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
        var output: String { stdout + stderr }
    }

    static var binary: String { ProcessInfo.processInfo.environment["SPARK_BIN"] ?? Paths.repo(".build/debug/spark") }

    /// Runs `spark arguments` in `directory` to completion. `SPARK_PROJECT` is cleared unless given.
    static func run(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> Outcome {
        let session = try start(arguments, in: directory, environment: environment)
        session.process.waitUntilExit()
        return session.outcome()
    }

    /// A `spark` process left running (a paper session), with its output going to files.
    final class Running: @unchecked Sendable {
        let process: Process
        let stdoutPath: String
        let stderrPath: String

        init(process: Process, stdoutPath: String, stderrPath: String) {
            self.process = process
            self.stdoutPath = stdoutPath
            self.stderrPath = stderrPath
        }

        var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
        var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

        func outcome() -> Outcome { Outcome(status: process.terminationStatus, stdout: stdout, stderr: stderr) }

        /// Waits until `condition` holds on the output or the process ends; polls, never sleeps a fixed time.
        func wait(until condition: (String) -> Bool, timeout: Duration = .seconds(120)) -> Bool {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if condition(stdout + stderr) { return true }
                if !process.isRunning { return condition(stdout + stderr) }
                usleep(20_000)
            }
            return false
        }

        func finish() -> Outcome {
            process.waitUntilExit()
            return outcome()
        }
    }

    static func start(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "SPARK_PROJECT")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let scratch = Paths.scratch("cli")
        let out = scratch + "/stdout", err = scratch + "/stderr"
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        try process.run()
        return Running(process: process, stdoutPath: out, stderrPath: err)
    }
}
