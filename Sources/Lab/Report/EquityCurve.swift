import Foundation

/// An equity.csv read back for drawing: times (ms) and equity, in file order.
struct EquityCurve {
    var times: [Int64] = []
    var equity: [Double] = []

    /// Reads `time,equity[,…]` rows; the first column is the `2024-01-01T00:00:00Z` form Spark writes.
    static func read(_ path: String, equityColumn: Int = 1) -> EquityCurve {
        var curve = EquityCurve()
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return curve }
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count > equityColumn, let time = parseTime(fields[0]), let value = Double(fields[equityColumn]), value.isFinite else { continue }
            curve.times.append(time)
            curve.equity.append(value)
        }
        return curve
    }

    /// `YYYY-MM-DDTHH:MM:SS[.mmm]Z` to ms since the epoch, without a formatter (a year of bars is 525k rows).
    static func parseTime(_ text: Substring) -> Int64? {
        let bytes = Array(text.utf8)
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
