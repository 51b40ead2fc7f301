// serve.status.p99_ms: 50 concurrent clients reading GET /sessions and GET /kill from the executor
// in closed loops for 5 s (the equivalent of `wrk -c50`), every request's latency in an HdrHistogram.
import Foundation
import Serve
import SparkConfig
import Store
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

enum ServeStatusBench {
    static func run() async throws {
        let root = NSTemporaryDirectory() + "spark-bench-serve-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try "spark: 1\nname: bench\nserve: { executor_port: 0 }\n".write(toFile: root + "/spark.yaml", atomically: true, encoding: .utf8)
        let server = try await SparkServer.start(project: try Project(root: root), services: [.executor], executable: "", version: "bench", handleSignals: false, log: { _ in })
        let base = "http://127.0.0.1:\(server.ports[.executor] ?? 0)"
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 50
        let session = URLSession(configuration: configuration)
        let clients = 50
        let deadline = monotonicNanos() + 5_000_000_000
        let results = try await withThrowingTaskGroup(of: (Latencies, Int).self) { group in
            for client in 0..<clients {
                group.addTask {
                    var latencies = Latencies()
                    var failures = 0
                    let url = URL(string: base + (client % 2 == 0 ? "/sessions" : "/kill"))!
                    while monotonicNanos() < deadline {
                        let start = monotonicNanos()
                        let (_, response) = try await session.data(from: url)
                        latencies.record(from: start, to: monotonicNanos())
                        if (response as? HTTPURLResponse)?.statusCode != 200 { failures += 1 }
                    }
                    return (latencies, failures)
                }
            }
            var all: [(Latencies, Int)] = []
            for try await result in group { all.append(result) }
            return all
        }
        var merged = Latencies()
        for (latencies, _) in results { merged.histogram.add(latencies.histogram) }
        let failures = results.reduce(0) { $0 + $1.1 }
        note(merged.describe("serve status, \(clients) clients, \(failures) failures"))
        emit("serve.status.p99_ms", merged.micros(99) / 1_000, "ms")
        emit("serve.status.p50_ms", merged.micros(50) / 1_000, "ms")
        emit("serve.status.requests_per_s", Double(merged.count) / 5, "requests/s")
        await server.stop()
    }
}

/// web.page_ms: the dashboard's pages with a week of one-minute decisions (10,080) in the store,
/// the best of 20 loads each (a page is one request; this times the server, not a browser).
enum WebPageBench {
    static func run() async throws {
        let root = NSTemporaryDirectory() + "spark-bench-web-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: root + "/out", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try "spark: 1\nname: bench\nserve: { web_port: 0 }\n".write(toFile: root + "/spark.yaml", atomically: true, encoding: .utf8)
        let store = try AppDatabase.open(path: root + "/out/spark.db")
        let start = Int64(1_767_225_600_000)
        var decisions: [StoredDecision] = []
        for index in 0..<10_080 {
            let rejected = index % 7 == 0
            let time: Int64 = start + Int64(index) * 60_000
            decisions.append(StoredDecision(
                time: time, mode: "paper", strategy: "sma_cross", verdict: rejected ? "reject" : "allow", rule: rejected ? "max_position" : nil,
                code: nil, symbol: "BTCUSDT", policySHA256: nil, paramsSHA256: "p", recordJSON: "{}"
            ))
        }
        try store.saveDecisions(run: "week", decisions)
        try store.upsert((0..<10_080).map { StoredBar(symbol: "BTCUSDT", interval: "1m", time: start + Int64($0) * 60_000, open: 1, high: 1, low: 1, close: 1, volume: 1) })
        let server = try await SparkServer.start(project: try Project(root: root), services: [.web], executable: "", version: "bench", handleSignals: false, log: { _ in })
        let base = "http://127.0.0.1:\(server.ports[.web] ?? 0)"
        for (name, path) in [("overview", "/"), ("risk", "/risk"), ("data", "/data"), ("approvals", "/approvals")] {
            var best = Double.infinity
            for _ in 0..<20 {
                let begin = monotonicNanos()
                _ = try await URLSession.shared.data(from: URL(string: base + path)!)
                best = min(best, Double(monotonicNanos() - begin) / 1e6)
            }
            emit("web.page_ms.\(name).week_of_decisions", best, "ms")
        }
        await server.stop()
    }
}
