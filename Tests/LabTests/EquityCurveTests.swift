import Foundation
@testable import Lab
import Testing

/// docs/architecture.md, "Performance": the chart reads equity.csv back with bounded memory: a
/// short file whole, a long one as each time slice's first, lowest, highest and last row.
@Suite("Equity curve read-back")
struct EquityCurveTests {
    /// Writes an equity.csv of `rows` one-minute rows and returns its path, times and values.
    func write(rows: Int, name: String) throws -> (path: String, times: [Int64], values: [Double]) {
        let start: Int64 = 1_704_067_200_000
        var text = "time,equity,position,exposed\n"
        var times: [Int64] = [], values: [Double] = []
        for row in 0..<rows {
            let time = start + Int64(row) * 60_000
            let value = 1_000_000 + sin(Double(row) / 997) * 50_000 + Double(row % 13) * 7.25
            times.append(time)
            values.append(value)
            let seconds = time / 1000
            var parts = tm()
            var clock = time_t(seconds)
            gmtime_r(&clock, &parts)
            let stamp = String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec)
            text += "\(stamp),\(value),0,1\n"
        }
        let path = NSTemporaryDirectory() + "spark-equity-\(name)-\(UUID().uuidString).csv"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return (path, times, values)
    }

    @Test("a file of up to keptRows rows is read whole, every time and value exact")
    func shortFileWhole() throws {
        let file = try write(rows: 5_000, name: "short")
        defer { try? FileManager.default.removeItem(atPath: file.path) }
        let curve = EquityCurve.read(file.path, start: file.times.first, end: file.times.last)
        #expect(curve.times == file.times)
        #expect(curve.equity == file.values)
    }

    @Test("a longer file is reduced to at most four rows per slice, in order, keeping the first, last, lowest and highest rows")
    func longFileReduced() throws {
        let file = try write(rows: EquityCurve.keptRows * 3, name: "long")
        defer { try? FileManager.default.removeItem(atPath: file.path) }
        let curve = EquityCurve.read(file.path, start: file.times.first, end: file.times.last)
        #expect(curve.times.count <= 4 * EquityCurve.buckets)
        #expect(curve.times.count > EquityCurve.buckets)
        #expect(curve.times == curve.times.sorted() && Set(curve.times).count == curve.times.count)
        #expect(curve.times.first == file.times.first && curve.times.last == file.times.last)
        #expect(curve.equity.min() == file.values.min() && curve.equity.max() == file.values.max())
        let valueAt = Dictionary(uniqueKeysWithValues: zip(file.times, file.values))
        #expect(zip(curve.times, curve.equity).allSatisfy { valueAt[$0.0] == $0.1 }, "every kept row is a row of the file")
    }
}
