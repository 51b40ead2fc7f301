public import SparkCore

/// Aggregates bars into longer ones (1m → 5m, 15m, 1h, 4h, 1d) as they stream by.
///
/// A bucket opens at a multiple of the target length (UTC, as Binance aligns them); its bar takes the
/// first open, the highest high, the lowest low, the last close and the summed volume of the bars
/// inside it. Missing source bars simply leave a bucket thinner; an empty bucket yields no bar.
public struct BarResampler: Sendable {
    public let target: BarInterval
    private let step: Int64
    private var current: Bar?

    /// Resamples bars of `source` into `target`.
    ///
    /// - Throws: ``CSVError`` `.series` unless `target` is a whole multiple of `source` on the UTC grid.
    public init(from source: BarInterval, to target: BarInterval) throws(CSVError) {
        guard let sourceMs = source.milliseconds, let targetMs = target.milliseconds, target.hasEpochGrid,
              targetMs >= sourceMs, targetMs % sourceMs == 0
        else {
            throw CSVError(.series, "cannot resample \(source.name) bars to \(target.name)", file: "--resample", hint: "pick a longer interval that is a multiple of \(source.name) and at most 1d, e.g. 5m, 15m, 1h, 4h, 1d")
        }
        self.target = target
        step = targetMs
    }

    /// Adds the next source bar; returns the previous bucket's bar when this one starts a new bucket.
    public mutating func add(_ bar: Bar) -> Bar? {
        let bucket = bar.time - ((bar.time % step) + step) % step
        guard var open = current else {
            current = Bar(symbol: bar.symbol, time: bucket, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume)
            return nil
        }
        if bucket == open.time {
            open.high = max(open.high, bar.high)
            open.low = min(open.low, bar.low)
            open.close = bar.close
            open.volume += bar.volume
            current = open
            return nil
        }
        current = Bar(symbol: bar.symbol, time: bucket, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume)
        return open
    }

    /// The last, possibly partial, bucket.
    public mutating func finish() -> Bar? {
        defer { current = nil }
        return current
    }
}
