/// Reads and writes bar timestamps: ISO-8601 text and epoch numbers, all as epoch milliseconds (UTC).
///
/// Hand-written rather than `ISO8601DateFormatter`: that allocates per call and would dominate the
/// cost of reading a CSV row.
public enum Timestamp {
    /// The unit of an epoch-number column, chosen from the magnitude of the file's first value.
    enum EpochUnit: String, Sendable {
        case seconds, milliseconds, microseconds, nanoseconds

        /// Magnitude bands: seconds up to 1e11 (year 5138), milliseconds up to 1e14, and so on.
        /// A millisecond time before 1973-03-03 would read as seconds; bar data is newer than that.
        init(magnitude value: Int64) {
            switch value {
            case ..<100_000_000_000: self = .seconds
            case ..<100_000_000_000_000: self = .milliseconds
            case ..<100_000_000_000_000_000: self = .microseconds
            default: self = .nanoseconds
            }
        }

        var name: String { "epoch \(rawValue)" }
    }

    /// How a file writes its times; fixed by its first data row.
    enum Format: Equatable, Sendable {
        case iso8601
        case epoch(EpochUnit)
    }

    /// The outcome of parsing one time field.
    enum Parsed {
        case time(Int64)
        /// Valid epoch number in another magnitude band than the file's.
        case wrongUnit(EpochUnit)
        case invalid
    }

    /// Whether a field looks like an epoch number (digits, optionally one fraction) rather than ISO text.
    static func looksNumeric(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var sawDigit = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "."), 0x20, 0x09: continue
            default: return false
            }
        }
        return sawDigit
    }

    @inline(__always)
    static func parse(_ bytes: UnsafeRawBufferPointer, as format: Format) -> Parsed {
        var lower = 0
        var upper = bytes.count
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
        switch format {
        case .iso8601:
            return iso8601(bytes, lower..<upper).map(Parsed.time) ?? .invalid
        case .epoch(let unit):
            return epoch(bytes, lower..<upper, unit: unit)
        }
    }

    /// `digits[.fraction]` in `unit`; a fraction is kept to the millisecond for seconds, dropped otherwise.
    private static func epoch(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, unit: EpochUnit) -> Parsed {
        var end = range.upperBound
        var fractionMs: Int64 = 0
        for i in range where bytes[i] == UInt8(ascii: ".") {
            end = i
            var scale: Int64 = 100
            for j in (i + 1)..<range.upperBound {
                let digit = bytes[j] &- 0x30
                guard digit < 10 else { return .invalid }
                fractionMs += Int64(digit) * scale
                scale /= 10
            }
            break
        }
        guard let value = DecimalParser.digits(bytes, range.lowerBound..<end) else { return .invalid }
        let actual = EpochUnit(magnitude: value)
        guard actual == unit else { return .wrongUnit(actual) }
        switch unit {
        case .seconds: return .time(value * 1000 + fractionMs)
        case .milliseconds: return .time(value)
        case .microseconds: return .time(value / 1000)
        case .nanoseconds: return .time(value / 1_000_000)
        }
    }

    /// `YYYY-MM-DD`, optionally followed by `T` or a space, `HH:MM[:SS[.fff…]]` and `Z` or `±HH[:MM]`.
    /// No zone means UTC. Fractions beyond milliseconds are truncated.
    static func iso8601(_ b: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int64? {
        var i = range.lowerBound
        let end = range.upperBound
        @inline(__always) func number(_ width: Int) -> Int64? {
            guard i + width <= end else { return nil }
            let value = DecimalParser.digits(b, i..<(i + width))
            i += width
            return value
        }
        @inline(__always) func expect(_ byte: UInt8) -> Bool {
            guard i < end, b[i] == byte else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect(UInt8(ascii: "-")), let month = number(2), expect(UInt8(ascii: "-")),
              let day = number(2), (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
        else { return nil }
        var ms = daysFromCivil(year: year, month: month, day: day) * 86_400_000
        guard i < end else { return ms }
        guard b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") || b[i] == 0x20 else { return nil }
        i += 1
        guard let hour = number(2), hour < 24, expect(UInt8(ascii: ":")), let minute = number(2), minute < 60 else { return nil }
        var second: Int64 = 0
        if expect(UInt8(ascii: ":")) {
            guard let value = number(2), value < 60 else { return nil }
            second = value
        }
        ms += ((hour * 60 + minute) * 60 + second) * 1000
        if i < end, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
            i += 1
            var scale: Int64 = 100
            let start = i
            while i < end, b[i] &- 0x30 < 10 {
                ms += Int64(b[i] &- 0x30) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { return nil }
        }
        guard i < end else { return ms }
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            i += 1
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign: Int64 = b[i] == UInt8(ascii: "+") ? 1 : -1
            i += 1
            guard let hours = number(2), hours <= 18 else { return nil }
            var minutes: Int64 = 0
            if i < end {
                _ = expect(UInt8(ascii: ":"))
                guard let value = number(2), value < 60 else { return nil }
                minutes = value
            }
            // 10:00+02:00 is 08:00Z: subtract the offset.
            ms -= sign * (hours * 60 + minutes) * 60_000
        }
        return i == end ? ms : nil
    }

    /// `2024-01-01T00:00:00Z`, with `.mmm` only when the time has milliseconds.
    static func iso8601(_ ms: Int64) -> String {
        let days = floorDiv(ms, 86_400_000)
        let inDay = ms - days * 86_400_000
        let (year, month, day) = civil(fromDays: days)
        let seconds = inDay / 1000, millis = inDay % 1000
        var text = ""
        text.reserveCapacity(24)
        func pad(_ value: Int64, _ width: Int) {
            let digits = String(value)
            if digits.count < width { text += String(repeating: "0", count: width - digits.count) }
            text += digits
        }
        pad(year, 4); text += "-"; pad(month, 2); text += "-"; pad(day, 2); text += "T"
        pad(seconds / 3600, 2); text += ":"; pad(seconds / 60 % 60, 2); text += ":"; pad(seconds % 60, 2)
        if millis != 0 { text += "."; pad(millis, 3) }
        text += "Z"
        return text
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date (proleptic Gregorian, UTC) of a day count since 1970-01-01: the inverse of
    /// ``daysFromCivil(year:month:day:)``.
    public static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// The fast path for the ISO times of a bar file: `YYYY-MM-DDTHH:MM:SS[Z]` (or `t`/space for `T`,
/// `z` for `Z`), no surrounding spaces. Consecutive bars share their date, so the day is computed
/// (and validated) by `Timestamp.iso8601(_:_:)` once per date and reused while
/// the first ten bytes are byte-identical; only the time of day is parsed per row.
///
/// ``time(_:)`` returns exactly what `Timestamp.iso8601` returns for the same bytes, or nil when the
/// field has another shape or is invalid (the caller then takes the general path and its errors).
struct ISODayCache {
    /// The first eight and the next two bytes of the cached date.
    private var datePrefix: UInt64 = 0
    private var dateSuffix: UInt16 = 0
    /// Epoch ms of the cached date's midnight; nil until a date is cached.
    private var dayMs: Int64?

    @inline(__always)
    mutating func time(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        let n = bytes.count
        guard n == 19 || n == 20, let base = bytes.baseAddress else { return nil }
        @inline(__always) func byte(_ offset: Int) -> UInt8 { base.load(fromByteOffset: offset, as: UInt8.self) }
        let separator = byte(10)
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == 0x20,
              byte(13) == UInt8(ascii: ":"), byte(16) == UInt8(ascii: ":")
        else { return nil }
        if n == 20 {
            guard byte(19) | 0x20 == UInt8(ascii: "z") else { return nil }
        }
        let h1 = byte(11) &- 0x30, h2 = byte(12) &- 0x30, m1 = byte(14) &- 0x30, m2 = byte(15) &- 0x30
        let s1 = byte(17) &- 0x30, s2 = byte(18) &- 0x30
        guard h1 < 10, h2 < 10, m1 < 10, m2 < 10, s1 < 10, s2 < 10 else { return nil }
        let hour = Int64(h1) * 10 + Int64(h2), minute = Int64(m1) * 10 + Int64(m2), second = Int64(s1) * 10 + Int64(s2)
        guard hour < 24, minute < 60, second < 60 else { return nil }
        let prefix = base.loadUnaligned(as: UInt64.self)
        let suffix = base.loadUnaligned(fromByteOffset: 8, as: UInt16.self)
        let day: Int64
        if let dayMs, prefix == datePrefix, suffix == dateSuffix {
            day = dayMs
        } else {
            // A new date: the general parser validates it and computes its midnight.
            guard let midnight = Timestamp.iso8601(bytes, 0..<10) else { return nil }
            datePrefix = prefix
            dateSuffix = suffix
            dayMs = midnight
            day = midnight
        }
        return day + ((hour * 60 + minute) * 60 + second) * 1000
    }
}
