import Foundation
import Serve

/// `spark serve` run beside the demo in a throwaway project, on free ports.
final class ServeProcess {
    let process = Process()
    let ports: [String: Int]

    init(project: String, directory: String) throws {
        let portsFile = directory + "/serve-ports.json"
        try? FileManager.default.removeItem(atPath: portsFile)
        process.executableURL = LiveProcessRun.sibling("spark")
        process.arguments = ["serve", "--ports-file", portsFile]
        process.currentDirectoryURL = URL(fileURLWithPath: project)
        FileManager.default.createFile(atPath: directory + "/serve.log", contents: nil)
        let log = FileHandle(forWritingAtPath: directory + "/serve.log")
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        var ports: [String: Int]?
        while ports == nil, Date() < deadline {
            ports = FileManager.default.contents(atPath: portsFile).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Int] }
            if ports == nil { usleep(50_000) }
        }
        guard let ports else {
            process.terminate()
            throw DemoError("spark serve did not start within 30 s; see \(directory)/serve.log")
        }
        self.ports = ports
    }

    func url(_ kind: ServiceKind) -> String { "http://127.0.0.1:\(ports[kind.rawValue] ?? 0)" }

    /// SIGTERM, then the exit status.
    func stop() throws -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    func kill() {
        if process.isRunning { process.terminate() }
    }
}
