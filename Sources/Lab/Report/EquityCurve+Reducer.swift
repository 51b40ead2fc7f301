import MarketData

extension EquityCurve {
    /// Builds a curve row by row: every row up to ``EquityCurve/keptRows``, then (when the span is
    /// known) each time slice's first, lowest, highest and last row, in file order.
    struct Reducer {
        private var curve = EquityCurve()
        private let start: Int64?
        private let end: Int64?
        private var reducing = false
        private var rows = 0
        private var slice: Slice?

        /// One row of the file: its number orders a slice's kept rows.
        private struct Point {
            var row: Int
            var time: Int64
            var value: Double
        }

        /// The rows a time slice keeps so far.
        private struct Slice {
            var index: Int
            var first: Point
            var low: Point
            var high: Point
            var last: Point
        }

        init(start: Int64?, end: Int64?) {
            self.start = start
            self.end = end
        }

        /// Takes one data line: a time in column 0 and the value in `column`; other lines are skipped.
        mutating func add(_ line: UnsafeRawBufferPointer, column: Int) {
            var field = 0, fieldStart = 0
            var time: Int64?
            for index in 0...line.count where index == line.count || line[index] == UInt8(ascii: ",") {
                let bytes = UnsafeRawBufferPointer(rebasing: line[fieldStart..<index])
                if field == 0 {
                    guard let parsed = EquityCurve.parseTime(bytes) else { return }
                    time = parsed
                }
                if field == column {
                    guard let time, let value = DecimalParser.double(bytes), value.isFinite else { return }
                    return add(time: time, value: value)
                }
                field += 1
                fieldStart = index + 1
            }
        }

        private mutating func add(time: Int64, value: Double) {
            rows += 1
            guard !reducing else { return reduce(Point(row: rows, time: time, value: value)) }
            curve.times.append(time)
            curve.equity.append(value)
            guard curve.times.count > EquityCurve.keptRows, let start, let end, end > start else { return }
            // Too long to keep whole: from here on the curve holds time slices' extremes.
            reducing = true
            let kept = curve
            curve = EquityCurve()
            for (offset, time) in kept.times.enumerated() { reduce(Point(row: offset + 1, time: time, value: kept.equity[offset])) }
        }

        private mutating func reduce(_ point: Point) {
            let span = Double(end! - start!)
            let index = min(EquityCurve.buckets - 1, max(0, Int(Double(point.time - start!) * Double(EquityCurve.buckets) / span)))
            guard var current = slice, current.index == index else {
                flush()
                slice = Slice(index: index, first: point, low: point, high: point, last: point)
                return
            }
            if point.value < current.low.value { current.low = point }
            if point.value > current.high.value { current.high = point }
            current.last = point
            slice = current
        }

        private mutating func flush() {
            guard let slice else { return }
            let (early, late) = slice.low.row < slice.high.row ? (slice.low, slice.high) : (slice.high, slice.low)
            var previous = 0
            for point in [slice.first, early, late, slice.last] where point.row != previous {
                curve.times.append(point.time)
                curve.equity.append(point.value)
                previous = point.row
            }
            self.slice = nil
        }

        /// The curve read: whole, or reduced to the slices' extremes.
        mutating func finish() -> EquityCurve {
            flush()
            return curve
        }
    }
}
