public import Foundation

/// Several named series over one shared UTC time axis (for example stitched out-of-sample equity
/// next to in-sample equity). Long series are reduced per pixel column like ``EquityChart``'s.
public struct LineChart: Sendable {
    /// Times in milliseconds since the epoch (UTC), ascending.
    public var times: [Int64]
    /// The lines, drawn in order (later ones on top), coloured from a fixed palette.
    public var series: [LineSeries]
    /// The chart title.
    public var title: String
    /// The value axis title.
    public var yLabel: String
    /// The image size.
    public var size: ChartSize

    /// The smallest size the layout fits in.
    public static let minimumSize = ChartSize(width: 400, height: 260)

    /// Creates a chart; nothing is checked until ``png()``.
    public init(times: [Int64], series: [LineSeries], title: String, yLabel: String, size: ChartSize = ChartSize(width: 1000, height: 480)) {
        self.times = times
        self.series = series
        self.title = title
        self.yLabel = yLabel
        self.size = size
    }

    /// The chart as PNG bytes; throws ``ChartError`` for empty, mismatched, unordered or non-finite input or a too-small size.
    public func png() throws(ChartError) -> Data {
        try size.check(minimum: Self.minimumSize)
        try Validation.nonEmpty(times.count, "times")
        try Validation.nonEmpty(series.count, "series")
        for line in series {
            try Validation.sameLength(line.values.count, "series \"\(line.name)\"", as: times.count, "times")
            try Validation.finite(line.values, "series \"\(line.name)\"")
        }
        try Validation.ascending(times, "times")
        let canvas = try Canvas(size: size)
        draw(on: canvas)
        return try canvas.png()
    }

    private func draw(on canvas: Canvas) {
        let start = times[0], end = times[times.count - 1]
        let low = series.map { $0.values.min()! }.min()!
        let high = series.map { $0.values.max()! }.max()!
        var legend: [Canvas.LegendEntry] = []
        for (i, line) in series.enumerated() {
            legend.append(.init(name: line.name, swatch: .line(Color.series(i), dash: [])))
        }
        // The legend sits above the plot, where it can hide no data however many series there are.
        let legendBox = canvas.legendSize(legend, maxWidth: canvas.width - 28)
        let top = 56 + legendBox.height + 6, bottom = 46.0, right = 24.0
        let height = canvas.height - top - bottom
        let scale = NiceScale(low, high, maxTicks: max(2, Int(height / 48)), padding: 0.04)
        let left = (22 + 10 + canvas.widestLabel(scale) + 8).rounded()
        let rect = PlotRect(x: left, y: top, width: canvas.width - left - right, height: height)

        let first = UTCDate(ms: start), last = UTCDate(ms: end)
        canvas.title(title, x: 14, subtitle: ["\(first.iso) – \(last.iso)"])
        canvas.legend(legend, x: 14, y: 54, maxWidth: canvas.width - 28)
        canvas.valueAxis(scale, in: rect)
        let axis = TimeAxis(start: start, end: end, pixels: rect.width) { canvas.textWidth($0, size: Canvas.labelSize) }
        canvas.timeAxis(axis, panels: [rect], start: start, end: end)
        canvas.verticalTitle(yLabel, x: 16, rect: rect)
        if scale.lower < 0, scale.upper > 0 {
            let y = rect.py(0, scale.lower, scale.upper)
            canvas.hairline(from: (rect.x, y), to: (rect.right, y), .zeroLine)
        }
        for (i, line) in series.enumerated() {
            let kept = ColumnDownsampler.indices(times: times, values: line.values, start: start, end: end, columns: Int(rect.width))
            canvas.series(kept, times: times, values: line.values, start: start, end: end, scale: scale, rect: rect, color: Color.series(i), width: 1.6)
        }
        canvas.frame(rect)
        canvas.text("UTC", x: canvas.width - 8, y: canvas.height - 8, size: Canvas.smallSize, color: .mutedText, h: .right, v: .bottom)
    }
}
