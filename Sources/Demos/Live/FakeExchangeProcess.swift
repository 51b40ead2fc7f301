import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `spark-fake-binance` run beside the demo, and its `/fake/` control API over HTTP.
final class FakeExchangeProcess {
    let process = Process()
    let port: Int
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts the executable beside `spark` (make demo builds both) for `apiKey` signing with the
    /// HMAC secret in `secretFile`, waits until it listens.
    init(directory: String, apiKey: String, secretFile: String) throws {
        let binary = LiveProcessRun.sibling("spark-fake-binance").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw DemoError("the live demo needs spark-fake-binance beside spark (\(binary)); build it with `swift build --product spark-fake-binance` (make demo does)")
        }
        let portFile = directory + "/fake.port"
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "--port", "0", "--port-file", portFile, "--api-key", apiKey, "--hmac-secret-file", secretFile, "--balances", "USDT=10000", "--price", "30000",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        var port: Int?
        while port == nil, Date() < deadline {
            port = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if port == nil { usleep(50_000) }
        }
        guard let port else {
            process.terminate()
            throw DemoError("spark-fake-binance did not start listening within 20 s")
        }
        self.port = port
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// POSTs `body` to `/fake/<path>` and returns the answer's JSON.
    @discardableResult
    func control(_ path: String, _ body: [String: Any]) async throws -> [String: Any] {
        var request = URLRequest(url: URL(string: "\(baseURL)/fake/\(path)")!)
        request.httpMethod = "POST"
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let (data, _) = try await URLSession.shared.data(for: request)
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    /// The fake's orders and trades (`GET /fake/state`).
    func state() async throws -> [String: Any] {
        let (data, _) = try await URLSession.shared.data(from: URL(string: "\(baseURL)/fake/state")!)
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }
}

/// Why the demo could not go on.
struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
