import Approvals
import Foundation
@testable import Serve
import SparkConfig
import Workflow
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A throwaway project with keys (quinn: quant, rita and ravi: risk, olga: operator), sma_cross
/// approved for paper and live on BTCUSDT, and serve ports of 0.
struct ServeProject {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    /// The spark binary the services run for sessions and jobs (built by `swift build`).
    static let spark = repo + "/.build/debug/spark"

    let project: Project
    let desk: LiveDesk
    let operatorKey: SigningKey
    var root: String { project.root }

    static func make(serve extra: String = "", approve: Bool = true) throws -> ServeProject {
        let root = NSTemporaryDirectory() + "spark-serve-tests/\(UUID().uuidString.prefix(12))"
        try FileManager.default.createDirectory(atPath: root + "/data", withIntermediateDirectories: true)
        for folder in ["policies", "strategies", "params"] {
            try FileManager.default.copyItem(atPath: repo + "/" + folder, toPath: root + "/" + folder)
        }
        try FileManager.default.copyItem(atPath: repo + "/data/sample", toPath: root + "/data/sample")
        let serve = "serve: { executor_port: 0, backtest_port: 0, streams_port: 0, web_port: 0, restart_backoff_ms: 200\(extra) }"
        try "spark: 1\nname: serve-test\n\(serve)\n".write(toFile: root + "/spark.yaml", atomically: true, encoding: .utf8)
        let project = try Project(root: root)
        let now = Date().addingTimeInterval(-3_600)
        let desk = try LiveDesk.create(project: project, strategiesDirectory: root + "/strategies", keysDirectory: root + "/keys", now: now)
        let made = try desk.workflow.store.createKey(owner: "olga", roles: ["operator"], keyDirectory: root + "/keys", now: now)
        let operatorKey = try SigningKey.load(made.privateKeyPath, directory: root + "/keys")
        if approve {
            for strategy in ["sma_cross", "breakout"] {
                try desk.approveForLive(
                    strategyPath: root + "/strategies/\(strategy).lua", paramsPath: nil, symbol: "BTCUSDT",
                    guardrailPolicy: project.policiesDirectory + "/default.yaml", now: now
                )
            }
        }
        return ServeProject(project: project, desk: desk, operatorKey: operatorKey)
    }

    /// The same project with its spark.yaml read again.
    static func reload(_ project: ServeProject) throws -> ServeProject {
        ServeProject(project: try Project(root: project.root), desk: project.desk, operatorKey: project.operatorKey)
    }

    /// Starts `services` in this process, children running the built spark binary.
    func start(_ services: Set<ServiceKind> = Set(ServiceKind.allCases)) async throws -> SparkServer {
        try await SparkServer.start(project: project, services: services, executable: Self.spark, version: "test", handleSignals: false, log: { _ in })
    }

    /// SIGKILLs every session process the project's executor recorded (a test's cleanup).
    func killSessions() {
        guard let database = try? ServeDatabase.open(path: project.stateDirectory + "/serve.sqlite") else { return }
        for session in (try? database.sessions()) ?? [] {
            if let pid = session.pid { kill(pid, SIGKILL) }
        }
    }

    /// A paper session of sma_cross on the bundled sample at `speed` times real time.
    static func paper(speed: String = "600", bars: Int? = nil) -> SessionRequest {
        var request = SessionRequest(mode: "paper", strategy: "strategies/sma_cross.lua", symbol: "BTCUSDT")
        request.feed = "data/sample/BTCUSDT-1m-synthetic.csv"
        request.speed = speed
        request.bars = bars
        return request
    }
}

/// A small HTTP client: plain GETs, and requests signed the way the CLI signs them.
struct ServeClient {
    let base: String
    // Its own connections: a pooled keep-alive connection to a previous test's server, still
    // draining on a port the next server got again, would carry a request to the wrong project.
    let session = URLSession(configuration: .ephemeral)

    init(port: Int) {
        base = "http://127.0.0.1:\(port)"
    }

    func get(_ path: String) async throws -> (status: Int, body: Data) {
        try await send("GET", path, body: Data(), headers: [:])
    }

    func signed(_ method: String, _ path: String, key: SigningKey, json: Any, now: Date = Date(), nonce: String = UUID().uuidString) async throws -> (status: Int, body: Data) {
        let body = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
        let headers = try ControlSigner(key: key).headers(method: method, path: path, body: body, now: now, nonce: nonce)
        return try await send(method, path, body: body, headers: headers)
    }

    func send(_ method: String, _ path: String, body: Data, headers: [String: String]) async throws -> (status: Int, body: Data) {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.timeoutInterval = 60
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if method != "GET" { request.httpBody = body }
        let (data, response) = try await session.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, data)
    }

    /// The JSON object of an answer.
    static func object(_ data: Data) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }
}
