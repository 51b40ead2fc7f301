import Foundation
import MarketData

/// UTC timestamps in the one format Spark prints: `2024-01-01T00:00:00Z` (milliseconds when present).
public enum ISOTime {
    /// `milliseconds` since the epoch as `2024-01-01T00:00:00Z`, with `.mmm` before the `Z` when not whole seconds.
    ///
    /// Digits are written straight into the string: equity.csv and decisions.jsonl print a time per
    /// bar, and `String(format:)` (boxed arguments, a Foundation string) cost several microseconds each.
    public static func string(_ milliseconds: Int64) -> String {
        guard fast.contains(milliseconds) else { return formatted(milliseconds) }
        return String(unsafeUninitializedCapacity: 24) { write(milliseconds, into: $0) }
    }

    /// Appends ``string(_:)``'s bytes to `bytes`, with no `String` in between (a row of a per-bar file).
    static func append(_ milliseconds: Int64, to bytes: inout [UInt8]) {
        guard fast.contains(milliseconds) else { return bytes.append(contentsOf: formatted(milliseconds).utf8) }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            let count = write(milliseconds, into: buffer)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// Years 1970 to 9999, which ``write(_:into:)`` formats; earlier or later times take the C
    /// library, formatted as before.
    private static let fast: Range<Int64> = 0..<253_402_300_800_000

    /// Writes a time in ``fast`` into `bytes` (24 at least) and returns how many it wrote: the civil
    /// date by integer arithmetic (MarketData's `Timestamp.civil(fromDays:)`).
    private static func write(_ milliseconds: Int64, into bytes: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let seconds = milliseconds / 1000, millis = Int(milliseconds % 1000)
        let days = Int(seconds / 86_400), second = Int(seconds % 86_400)
        let (year, month, day) = Timestamp.civil(fromDays: Int64(days))
        func put(_ value: Int, _ width: Int, at offset: Int) {
            var value = value
            for index in stride(from: offset + width - 1, through: offset, by: -1) {
                bytes[index] = UInt8(truncatingIfNeeded: 0x30 + value % 10)
                value /= 10
            }
        }
        put(Int(year), 4, at: 0)
        put(Int(month), 2, at: 5)
        put(Int(day), 2, at: 8)
        put(second / 3600, 2, at: 11)
        put(second / 60 % 60, 2, at: 14)
        put(second % 60, 2, at: 17)
        (bytes[4], bytes[7], bytes[10], bytes[13], bytes[16]) = (0x2D, 0x2D, 0x54, 0x3A, 0x3A) // - - T : :
        guard millis != 0 else {
            bytes[19] = UInt8(ascii: "Z")
            return 20
        }
        bytes[19] = UInt8(ascii: ".")
        put(millis, 3, at: 20)
        bytes[23] = UInt8(ascii: "Z")
        return 24
    }

    /// ``string(_:)`` through `gmtime_r` and `String(format:)`: any time, slowly.
    static func formatted(_ milliseconds: Int64) -> String {
        let seconds = milliseconds.quotientAndRemainder(dividingBy: 1000)
        var time = time_t(seconds.quotient)
        var parts = tm()
        gmtime_r(&time, &parts)
        let base = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
        return seconds.remainder == 0 ? base + "Z" : base + String(format: ".%03dZ", Int(seconds.remainder))
    }

    /// Parses `2024-01-01`, `2024-01-01T12:00:00Z`, `2024-01-01 12:00` (UTC) or epoch milliseconds.
    public static func parse(_ text: String) -> Int64? {
        if let number = Int64(text) { return number }
        let formats = ["yyyy-MM-dd'T'HH:mm:ssXXXXX", "yyyy-MM-dd'T'HH:mm:ss.SSSXXXXX", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"]
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        for format in formats {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        }
        return nil
    }
}
