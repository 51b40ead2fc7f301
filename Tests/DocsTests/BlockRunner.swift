import Foundation

/// Runs doc blocks the way a reader would: in a fresh copy of the repository's tracked files, with
/// `spark` on PATH, a throwaway HOME and key directory, each block under `bash -e -o pipefail`.
final class BlockRunner {
    /// What one block did.
    struct Result: Sendable {
        var block: DocBlock
        var status: Int32
        var stdout: String
        var stderr: String
        var seconds: Double
        var timedOut: Bool

        /// Names the block's file and line (the failing command's line when bash reported it), the
        /// status and what the command wrote.
        var failure: String? {
            guard status != 0 || timedOut else { return nil }
            var location = block.description
            if let marker = stderr.range(of: "docs-test: failed at line "),
               let number = Int(stderr[marker.upperBound...].prefix { $0.isNumber }) {
                location = "\(block.file):\(block.line + number)"
            }
            let what = timedOut ? "timed out after \(Int(seconds)) s" : "exited \(status)"
            return "\(location): the block at \(block) \(what)\n--- stderr ---\n\(Self.tail(stderr))\n--- stdout ---\n\(Self.tail(stdout))"
        }

        static func tail(_ text: String, lines: Int = 40) -> String {
            text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
        }
    }

    /// The temporary copy the blocks run in.
    let root: String
    let home: String
    let keys: String
    let bin: String
    /// Seconds a block may take before it is stopped and reported.
    var timeout: Double = 90

    /// Copies `files` (paths relative to `repository`) into a new temporary directory, and puts a
    /// `spark` that runs `binary` on PATH.
    init(repository: String, files: [String], binary: String) throws {
        let base = NSTemporaryDirectory() + "spark-docs-\(UUID().uuidString.prefix(8))"
        root = base + "/project"
        home = base + "/home"
        keys = base + "/keys"
        bin = base + "/bin"
        let manager = FileManager.default
        for directory in [root, home, keys, bin] { try manager.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        for file in files {
            let target = root + "/" + file
            try manager.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try? manager.removeItem(atPath: target)
            try manager.copyItem(atPath: repository + "/" + file, toPath: target)
        }
        try manager.createSymbolicLink(atPath: bin + "/spark", withDestinationPath: binary)
    }

    /// The repository's tracked files that exist in its working tree (uncommitted edits included).
    static func trackedFiles(in repository: String) throws -> [String] {
        let outcome = try run(["git", "ls-files", "-z"], in: repository, environment: ProcessInfo.processInfo.environment, timeout: 60)
        guard outcome.status == 0, !outcome.stdout.isEmpty else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "git ls-files in \(repository) failed: \(outcome.stderr)"])
        }
        return outcome.stdout.split(separator: "\0").map(String.init).filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: repository + "/" + $0, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }

    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "SPARK_PROJECT")
        env["HOME"] = home
        env["SPARK_KEY_DIR"] = keys
        env["PATH"] = bin + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        return env
    }

    /// Runs one block in the copy.
    func run(_ block: DocBlock) throws -> Result {
        let script = "trap 'echo \"docs-test: failed at line $LINENO: $BASH_COMMAND\" >&2' ERR\n" + block.script
        let started = Date()
        // The trap takes the script's first line: the block's lines are numbered from the second.
        let outcome = try Self.run(["bash", "-E", "-e", "-o", "pipefail", "-c", script], in: root, environment: environment, timeout: timeout)
        return Result(block: block, status: outcome.status, stdout: outcome.stdout, stderr: outcome.stderr.fixingTrapLines(), seconds: Date().timeIntervalSince(started), timedOut: outcome.timedOut)
    }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
        var timedOut: Bool
    }

    /// Runs a process to completion (or `timeout`), its output in files so nothing blocks on a pipe.
    static func run(_ arguments: [String], in directory: String, environment: [String: String], timeout: Double) throws -> Outcome {
        let scratch = NSTemporaryDirectory() + "spark-docs-out-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let out = scratch + "/stdout", err = scratch + "/stderr"
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                process.terminate()
                break
            }
            usleep(20_000)
        }
        process.waitUntilExit()
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        return Outcome(status: process.terminationStatus, stdout: read(out), stderr: read(err), timedOut: timedOut)
    }
}

extension String {
    /// bash numbers `$LINENO` from the `-c` script's first line, the trap; the block starts on line 2.
    func fixingTrapLines() -> String {
        var result = ""
        var rest = self[...]
        let marker = "docs-test: failed at line "
        while let range = rest.range(of: marker) {
            result += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            let digits = rest.prefix { $0.isNumber }
            if let number = Int(digits) {
                result += String(number - 1)
                rest = rest.dropFirst(digits.count)
            }
        }
        return result + rest
    }
}
