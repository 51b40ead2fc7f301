import Prometheus

/// The metrics one symbol's stream kind updates on every message.
struct StreamMeters {
    let messages: Counter
    let lastEvent: Gauge
    let ingestLag: ValueHistogram

    init(_ metrics: ServiceMetrics, symbol: String, kind: String) {
        messages = metrics.counter(.mdMessages, ["symbol": symbol, "stream": kind])
        lastEvent = metrics.gauge(.mdLastEvent, ["symbol": symbol, "stream": kind])
        ingestLag = metrics.histogram(.mdIngestLag, ["stream": kind])
    }
}
