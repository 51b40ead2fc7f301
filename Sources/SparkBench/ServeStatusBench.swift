// serve.status.p99_ms: 50 concurrent clients reading GET /sessions and GET /kill from the executor
// in closed loops for 5 s (the equivalent of `wrk -c50`), every request's latency in an HdrHistogram.
import Foundation
import Serve
import SparkConfig
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
