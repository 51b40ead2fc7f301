/// A UTC calendar date and time of day from milliseconds since the epoch, without Foundation's calendar.
struct UTCDate: Sendable, Equatable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int

    static let dayMs: Int64 = 86_400_000
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    init(ms: Int64) {
        let days = Self.floorDiv(ms, Self.dayMs)
        let msOfDay = ms - days * Self.dayMs
        (year, month, day) = Self.civil(days: days)
        hour = Int(msOfDay / 3_600_000)
        minute = Int(msOfDay / 60_000 % 60)
        second = Int(msOfDay / 1000 % 60)
    }

    /// Milliseconds at midnight UTC of the given date (month may run past 12).
    static func ms(year: Int, month: Int, day: Int = 1) -> Int64 {
        let carry = floorDiv(Int64(month - 1), 12)
        let m = Int(Int64(month - 1) - carry * 12) + 1
        return days(year: year + Int(carry), month: m, day: day) * dayMs
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let mp = Int64((month + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day count since 1970-01-01 (Hinnant's civil_from_days).
    static func civil(days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (Int(y), Int(m), Int(d))
    }

    var monthName: String { Self.monthNames[month - 1] }
    var hhmm: String { pad(hour) + ":" + pad(minute) }
    var hhmmss: String { hhmm + ":" + pad(second) }
    var monthDay: String { "\(monthName) \(day)" }
    var iso: String { "\(year)-\(pad(month))-\(pad(day))" }
    var isoMinute: String { iso + " " + hhmm }

    private func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }

    /// Division rounding towards minus infinity, so times before 1970 land on the right day.
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
