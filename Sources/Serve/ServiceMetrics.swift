import Foundation
public import Prometheus

/// One service's Prometheus registry, reached through the catalog's families only.
public final class ServiceMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    /// `executor`, `backtest`, `streams` or `web`.
    public let service: String

    public init(service: String, version: String) {
        self.service = service
        gauge(.buildInfo, ["version": version, "service": service]).set(to: 1)
        gauge(.ready, ["service": service]).set(to: 0)
    }

    func counter(_ family: MetricFamily, _ labels: [String: String] = [:]) -> Counter {
        registry.makeCounter(descriptor: Self.descriptor(family), labels: Self.ordered(labels))
    }

    func gauge(_ family: MetricFamily, _ labels: [String: String] = [:]) -> Gauge {
        registry.makeGauge(descriptor: Self.descriptor(family), labels: Self.ordered(labels))
    }

    func histogram(_ family: MetricFamily, _ labels: [String: String] = [:]) -> ValueHistogram {
        registry.makeValueHistogram(descriptor: Self.descriptor(family), labels: Self.ordered(labels), buckets: MetricFamily.latencyBuckets)
    }

    /// The exposition text of everything registered.
    public func scrape() -> [UInt8] { registry.emitToBuffer() }

    private static func descriptor(_ family: MetricFamily) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: family.name, unitName: "", helpText: family.help)
    }

    // Sorted so one label set always makes the same child.
    private static func ordered(_ labels: [String: String]) -> [(String, String)] {
        labels.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
