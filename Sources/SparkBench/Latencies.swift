// Latency samples in an HdrHistogram (µs), reported as JSON lines.
import Foundation
import Histogram

/// The monotonic clock in nanoseconds: the live figures' start and end points are read from it.
func monotonicNanos() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

/// Microsecond samples in an HdrHistogram (3 significant digits, up to 10 minutes).
struct Latencies {
    var histogram = Histogram<UInt64>(highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three)

    /// Records one sample; with `expectedInterval` (the schedule's period, µs), a sample longer than
    /// the period also records the samples a stalled closed loop did not take (coordinated omission).
    mutating func record(micros: Int64, expectedInterval: UInt64? = nil) {
        let value = UInt64(max(0, micros))
        if let expectedInterval {
            _ = histogram.recordCorrectedValue(value, expectedInterval: expectedInterval)
        } else {
            _ = histogram.record(value)
        }
    }

    /// Records the span between two monotonic readings (ns).
    mutating func record(from start: UInt64, to end: UInt64, expectedInterval: UInt64? = nil) {
        record(micros: end >= start ? Int64((end - start) / 1_000) : 0, expectedInterval: expectedInterval)
    }

    var count: UInt64 { histogram.totalCount }

    /// The value at `percentile` (0…100), µs.
    func micros(_ percentile: Double) -> Double { count == 0 ? -1 : Double(histogram.valueAtPercentile(percentile)) }

    /// One line on stderr: count, p50, p99, p99.9 and max.
    func describe(_ label: String, scale: Double = 1, unit: String = "µs") -> String {
        func value(_ micros: Double) -> String { String(format: "%.3f", micros / scale) }
        return "\(label): n=\(count) p50=\(value(micros(50))) p99=\(value(micros(99))) p99.9=\(value(micros(99.9))) max=\(value(Double(histogram.max))) \(unit)"
    }
}
