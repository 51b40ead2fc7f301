public import Foundation

/// Grouped bars per category around a zero line, for example in-sample against out-of-sample
/// Sharpe ratio per walk-forward window.
public struct BarChart: Sendable {
    /// The category labels along the horizontal axis, one group of bars each.
    public var categories: [String]
    /// The series, one bar per category each, coloured from a fixed palette.
    public var series: [BarChartSeries]
    /// The chart title.
    public var title: String
    /// The value axis title.
    public var yLabel: String
    /// The image size.
    public var size: ChartSize

    /// The smallest size the layout fits in.
    public static let minimumSize = ChartSize(width: 400, height: 260)

    /// Creates a chart; nothing is checked until ``png()``.
    public init(categories: [String], series: [BarChartSeries], title: String, yLabel: String, size: ChartSize = ChartSize(width: 1000, height: 480)) {
        self.categories = categories
        self.series = series
        self.title = title
        self.yLabel = yLabel
        self.size = size
    }

    /// The chart as PNG bytes; throws ``ChartError`` for empty, mismatched or non-finite input or a too-small size.
    public func png() throws(ChartError) -> Data {
        try size.check(minimum: Self.minimumSize)
        try Validation.nonEmpty(categories.count, "categories")
        try Validation.nonEmpty(series.count, "series")
        for bars in series {
            try Validation.sameLength(bars.values.count, "series \"\(bars.name)\"", as: categories.count, "categories")
            for (i, value) in bars.values.enumerated() {
                if let value, !value.isFinite { throw Validation.nonFinite(value, "series \"\(bars.name)\"[\(i)]") }
            }
        }
        let canvas = try Canvas(size: size)
        draw(on: canvas)
        return try canvas.png()
    }

    private func draw(on canvas: Canvas) {
        let values = series.flatMap { $0.values.compactMap { $0 } }
        let low = min(0, values.min() ?? 0), high = max(0, values.max() ?? 1)
        let legend = series.enumerated().map { Canvas.LegendEntry(name: $1.name, swatch: .box(Color.series($0))) }
        let legendBox = canvas.legendSize(legend, maxWidth: canvas.width - 40)
        let top = 44 + legendBox.height + 8, right = 24.0

        // Category labels lie flat when they fit under their group, else they slant.
        let labelWidths = categories.map { canvas.textWidth($0, size: Canvas.labelSize) }
        let widest = labelWidths.max() ?? 0
        let roughGroup = (canvas.width - 100) / Double(categories.count)
        let slant = widest > roughGroup - 8
        let angle = -Double.pi / 5
        let bottom = slant ? (widest * sin(-angle) + 24).rounded() : 34
        let height = canvas.height - top - bottom
        // Room beyond the longest bars for their value labels, so none sits on the frame.
        let labelRoom = (high - low) * 18 / max(height, 1)
        let scale = NiceScale(low < 0 ? low - labelRoom : low, high > 0 ? high + labelRoom : high, maxTicks: max(2, Int(height / 44)))
        let left = (22 + 10 + canvas.widestLabel(scale) + 8).rounded()
        let rect = PlotRect(x: left, y: top, width: canvas.width - left - right, height: height)

        canvas.title(title, x: 14)
        canvas.legend(legend, x: rect.right - legendBox.width, y: 40, maxWidth: canvas.width - 40)
        canvas.valueAxis(scale, in: rect)
        canvas.verticalTitle(yLabel, x: 16, rect: rect)

        let group = rect.width / Double(categories.count)
        // Every k-th label only, when even slanted labels would collide: slanted rows lie
        // group × sin(angle) apart, and need about a line height.
        let every = slant ? max(1, Int((16 / (group * sin(-angle))).rounded(.up))) : 1
        let inner = group * 0.78
        let barWidth = inner / Double(series.count)
        let zero = rect.py(0, scale.lower, scale.upper)
        let printValues = barWidth >= canvas.textWidth("−0.00", size: Canvas.smallSize) + 4
        let magnitude = max(abs(low), abs(high))
        for (c, category) in categories.enumerated() {
            let center = rect.x + group * (Double(c) + 0.5)
            if c % every == 0 {
                canvas.hairline(from: (center, rect.bottom), to: (center, rect.bottom + 4), .axis)
                if slant {
                    canvas.text(category, x: center + 4, y: rect.bottom + 10, size: Canvas.labelSize, color: .mutedText, h: .right, v: .middle, angle: angle)
                } else {
                    canvas.text(category, x: center, y: rect.bottom + 8, size: Canvas.labelSize, color: .mutedText, h: .center, v: .top)
                }
            }
            for (s, bars) in series.enumerated() {
                let x = center - inner / 2 + Double(s) * barWidth
                guard let value = bars.values[c] else {
                    canvas.text("n/a", x: x + barWidth / 2, y: zero - 4, size: 10, color: .axis, h: .left, v: .middle, angle: -Double.pi / 2)
                    continue
                }
                let y = rect.py(value, scale.lower, scale.upper)
                canvas.rect(x + 0.5, min(y, zero), max(barWidth - 1, 1), max(abs(zero - y), 0.5))
                canvas.fill(Color.series(s))
                if printValues {
                    let text = NumberText.compact(value, scale: magnitude)
                    canvas.text(text, x: x + barWidth / 2, y: value >= 0 ? y - 3 : y + 3, size: Canvas.smallSize, color: .mutedText, h: .center, v: value >= 0 ? .bottom : .top)
                }
            }
        }
        canvas.frame(rect)
        canvas.hairline(from: (rect.x, zero), to: (rect.right, zero), .zeroLine)
    }
}
