/// Keeps, for each pixel column, the first, lowest, highest and last point (M4 aggregation): a line
/// through them draws exactly what the full series would, with at most four points per column.
enum ColumnDownsampler {
    /// The indices to draw, in order, for `values` over sorted `times` on a plot `columns` pixels wide.
    static func indices(times: [Int64], values: [Double], start: Int64, end: Int64, columns: Int) -> [Int] {
        let n = values.count
        guard n > 4 * columns, columns > 0 else { return Array(0..<n) }
        let scale = Double(columns) / Double(max(end - start, 1))
        var kept: [Int] = []
        kept.reserveCapacity(4 * columns + 4)
        var i = 0
        while i < n {
            let column = min(columns - 1, Int(Double(times[i] - start) * scale))
            let first = i
            var low = i, high = i
            var j = i + 1
            while j < n, min(columns - 1, Int(Double(times[j] - start) * scale)) == column {
                if values[j] < values[low] { low = j }
                if values[j] > values[high] { high = j }
                j += 1
            }
            let last = j - 1
            for index in [first, min(low, high), max(low, high), last] where index != kept.last {
                kept.append(index)
            }
            i = j
        }
        return kept
    }
}
