import Foundation
import MarketData

/// An equity.csv read back for drawing: times (ms) and equity, in file order, with bounded memory.
///
/// A file of up to ``keptRows`` rows is kept whole, so its chart is exactly the full curve's. A
/// longer one (a 10 M-bar run writes 10 M rows) is reduced as it streams: the span from `start` to
/// `end` is cut into ``buckets`` equal time slices and each keeps its first, lowest, highest and
/// last row, so memory stays flat in bars while every extreme a ~1,000-pixel chart can show
/// (several slices per pixel column) is still drawn.
struct EquityCurve {
    var times: [Int64] = []
    var equity: [Double] = []

    /// Time slices of a reduced curve: at most four rows each.
    static let buckets = 8192
    /// Rows kept whole before the curve is reduced: no more than a reduced curve holds.
    static let keptRows = 4 * buckets

    /// Reads `time,equity[,…]` rows; the first column is the `2024-01-01T00:00:00Z` form Spark writes.
    ///
    /// - Parameters:
    ///   - start: the first row's time, and `end` the last's (the run's range): the span the slices
    ///     of a long file cut; nil keeps every row.
    static func read(_ path: String, equityColumn: Int = 1, start: Int64? = nil, end: Int64? = nil) -> EquityCurve {
        guard let handle = FileHandle(forReadingAtPath: path) else { return EquityCurve() }
        defer { try? handle.close() }
        var reducer = Reducer(start: start, end: end)
        var pending: [UInt8] = []
        var header = true
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            pending.append(contentsOf: chunk)
            let consumed = pending.withUnsafeBytes { bytes in
                var lineStart = 0
                while let newline = bytes[lineStart...].firstIndex(of: 0x0A) {
                    if header { header = false } else { reducer.add(UnsafeRawBufferPointer(rebasing: bytes[lineStart..<newline]), column: equityColumn) }
                    lineStart = newline + 1
                }
                return lineStart
            }
            pending.removeFirst(consumed)
        }
        if !header, !pending.isEmpty { pending.withUnsafeBytes { reducer.add($0, column: equityColumn) } }
        return reducer.finish()
    }

    /// `YYYY-MM-DDTHH:MM:SS[.mmm]Z` to ms since the epoch, without a formatter (a year of bars is 525k rows).
    static func parseTime(_ text: Substring) -> Int64? {
        var text = text
        return text.withUTF8 { parseTime(UnsafeRawBufferPointer($0)) }
    }

    /// ``parseTime(_:)-(Substring)`` straight from a row's bytes.
    static func parseTime(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        guard bytes.count >= 20, bytes[4] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T") else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                let digit = Int64(bytes[index]) - 48
                guard digit >= 0, digit <= 9 else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19) else { return nil }
        var millis: Int64 = 0
        if bytes.count >= 24, bytes[19] == UInt8(ascii: "."), let fraction = number(20..<23) { millis = fraction }
        // Days from the civil date (Howard Hinnant's algorithm).
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis
    }
}
