/// One metric family of docs/prometheus-metrics.md: its name, help and type, fixed in one place so
/// no name is ever registered twice with different help or buckets.
public struct MetricFamily: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case counter, gauge, histogram }

    /// The full name, e.g. `spark_http_requests_total`.
    public let name: String
    public let help: String
    public let kind: Kind

    public init(_ name: String, _ kind: Kind, _ help: String) {
        self.name = name
        self.kind = kind
        self.help = help
    }

    /// Latency buckets in seconds: they bracket the 50 ms and 500 ms goals and the 300 ms and 2 s SLOs.
    public static let latencyBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5]
}
