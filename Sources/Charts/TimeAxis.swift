/// Tick times and labels for a UTC time axis: steps on calendar boundaries, labels that say only
/// what changes (times of day, with the date under the first tick of each day; dates, with the year
/// under the first tick of each year).
struct TimeAxis: Sendable {
    enum Unit: Sendable { case second, minute, hour, day, week, month, year }

    /// One tick: its time, its label, and the wider context (date or year) shown under it when that changes.
    struct Tick: Sendable, Equatable {
        var time: Int64
        var label: String
        var context: String?
    }

    private static let steps: [(Unit, Int64)] = [
        (.second, 1), (.second, 5), (.second, 15), (.second, 30),
        (.minute, 1), (.minute, 2), (.minute, 5), (.minute, 10), (.minute, 15), (.minute, 30),
        (.hour, 1), (.hour, 2), (.hour, 3), (.hour, 6), (.hour, 12),
        (.day, 1), (.day, 2), (.week, 1), (.week, 2),
        (.month, 1), (.month, 2), (.month, 3), (.month, 6),
        (.year, 1), (.year, 2), (.year, 5), (.year, 10), (.year, 25), (.year, 50), (.year, 100),
    ]

    var ticks: [Tick]

    /// Ticks for `start…end` (ms, UTC) on an axis `pixels` wide; `measure` gives a label's width.
    init(start: Int64, end: Int64, pixels: Double, measure: (String) -> Double) {
        let span = Double(max(end - start, 1))
        var chosen = Self.steps[Self.steps.count - 1]
        for step in Self.steps {
            let spacing = pixels * Double(Self.approximateMs(step.0) * step.1) / span
            if spacing >= measure(Self.template(step.0)) + 24 {
                chosen = step
                break
            }
        }
        ticks = Self.times(start: start, end: end, unit: chosen.0, count: chosen.1).map { Tick(time: $0, label: "") }
        label(unit: chosen.0)
    }

    private static func approximateMs(_ unit: Unit) -> Int64 {
        switch unit {
        case .second: 1000
        case .minute: 60_000
        case .hour: 3_600_000
        case .day: UTCDate.dayMs
        case .week: 7 * UTCDate.dayMs
        case .month: 2_629_746_000
        case .year: 31_556_952_000
        }
    }

    /// The widest label a unit produces, to space ticks before they exist.
    private static func template(_ unit: Unit) -> String {
        switch unit {
        case .second: "00:00:00"
        case .minute, .hour: "00:00"
        case .day, .week: "May 30"
        case .month: "May"
        case .year: "2000"
        }
    }

    private static func times(start: Int64, end: Int64, unit: Unit, count: Int64) -> [Int64] {
        var result: [Int64] = []
        switch unit {
        case .second, .minute, .hour, .day, .week:
            let step = approximateMs(unit) * count
            // Weeks start on Monday; 1970-01-05 was the first Monday after the epoch.
            let origin: Int64 = unit == .week ? 4 * UTCDate.dayMs : 0
            var t = -UTCDate.floorDiv(-(start - origin), step) * step + origin
            while t <= end {
                result.append(t)
                t += step
            }
        case .month, .year:
            let months = unit == .year ? count * 12 : count
            let first = UTCDate(ms: start)
            var index = Int64(first.year) * 12 + Int64(first.month - 1)
            index = -UTCDate.floorDiv(-index, months) * months
            while true {
                let t = UTCDate.ms(year: Int(UTCDate.floorDiv(index, 12)), month: Int(index - UTCDate.floorDiv(index, 12) * 12) + 1)
                if t > end { break }
                if t >= start { result.append(t) }
                index += months
            }
        }
        return result
    }

    private mutating func label(unit: Unit) {
        var previous: UTCDate?
        for i in ticks.indices {
            let date = UTCDate(ms: ticks[i].time)
            let newDay = previous.map { $0.year != date.year || $0.month != date.month || $0.day != date.day } ?? true
            let newYear = previous.map { $0.year != date.year } ?? true
            switch unit {
            case .second:
                ticks[i].label = date.hhmmss
                ticks[i].context = newDay ? date.iso : nil
            case .minute, .hour:
                ticks[i].label = date.hhmm
                ticks[i].context = newDay ? date.iso : nil
            case .day, .week:
                ticks[i].label = date.monthDay
                ticks[i].context = newYear ? String(date.year) : nil
            case .month:
                ticks[i].label = date.monthName
                ticks[i].context = newYear ? String(date.year) : nil
            case .year:
                ticks[i].label = String(date.year)
            }
            previous = date
        }
    }
}
