public import SparkCore
import Crypto
import Foundation

/// Bars of one symbol and interval held in memory, with the SHA-256 of their contents.
///
/// Sweeps load each (symbol, period) once and run every scenario over the same series; evidence
/// records ``sha256`` so a re-run can prove it read the same bars, wherever they were stored.
public struct BarSeries: Sendable {
    public let symbol: String
    public let interval: String
    public let bars: ArraySlice<Bar>
    /// SHA-256 over every bar's time and OHLCV bit patterns, in order (see ``BarDigest``).
    public let sha256: String
    /// Skipped rows and quality warnings met while reading.
    public let warnings: [String]

    public init(symbol: String, interval: String, bars: ArraySlice<Bar>, warnings: [String] = []) {
        self.symbol = symbol
        self.interval = interval
        self.bars = bars
        var digest = BarDigest()
        for bar in bars { digest.add(bar) }
        sha256 = digest.finish()
        self.warnings = warnings
    }

    /// Reads the request's bars (source, symbol, interval, resampling and range) into memory.
    public static func load(_ request: BacktestRequest) throws -> BarSeries {
        var bars: [Bar] = []
        var source = try BarSources.open(request)
        while case .bar(let bar) = try source.next() { bars.append(bar) }
        return BarSeries(symbol: request.symbol, interval: request.interval, bars: bars[...], warnings: try source.finish())
    }

    /// The bars with `from <= time <= to`, as a series of their own (own hash).
    public func slice(from: Int64, to: Int64) -> BarSeries {
        let lower = bars.partitioningIndex { $0.time >= from }
        let upper = bars[lower...].partitioningIndex { $0.time > to }
        return BarSeries(symbol: symbol, interval: interval, bars: bars[lower..<upper], warnings: [])
    }

    /// First and last bar time, nil when empty.
    public var range: (first: Int64, last: Int64)? {
        guard let first = bars.first, let last = bars.last else { return nil }
        return (first.time, last.time)
    }
}

/// The content hash of a bar sequence: the same bars give the same digest from CSV, SQLite or memory.
///
/// Each bar is its time and OHLCV bit patterns, little-endian, 48 bytes; bars are gathered in a
/// fixed buffer and hashed a thousand at a time, so a bar costs six stores, not six appends.
public struct BarDigest {
    private var hasher = SHA256()
    private var buffer = [UInt64](repeating: 0, count: Self.barsPerBlock * 6)
    private var count = 0
    private static let barsPerBlock = 1_000

    public init() {}

    @inline(__always)
    public mutating func add(_ bar: Bar) {
        let base = count * 6
        buffer.withUnsafeMutableBufferPointer { words in
            words[base] = UInt64(bitPattern: bar.time).littleEndian
            words[base + 1] = bar.open.bitPattern.littleEndian
            words[base + 2] = bar.high.bitPattern.littleEndian
            words[base + 3] = bar.low.bitPattern.littleEndian
            words[base + 4] = bar.close.bitPattern.littleEndian
            words[base + 5] = bar.volume.bitPattern.littleEndian
        }
        count += 1
        if count == Self.barsPerBlock { flush() }
    }

    private mutating func flush() {
        let used = count * 6
        buffer.withUnsafeBytes { bytes in hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[..<(used * 8)])) }
        count = 0
    }

    public mutating func finish() -> String {
        flush()
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

extension ArraySlice {
    /// The first index whose element satisfies `belongs`, given that all elements satisfying it come last.
    func partitioningIndex(where belongs: (Element) -> Bool) -> Index {
        var low = startIndex, high = endIndex
        while low < high {
            let middle = low + (high - low) / 2
            if belongs(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
