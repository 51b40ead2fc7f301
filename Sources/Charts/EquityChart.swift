public import Foundation

/// An equity curve (with an optional benchmark) above its drawdown, sharing one UTC time axis.
///
/// The top ~70 % shows equity, the bottom ~30 % the drawdown from the running peak as a filled
/// negative percentage, with the maximum drawdown marked. Long series are reduced to the first,
/// lowest, highest and last point of each pixel column before drawing, so a million points draw
/// as fast as a few thousand and every extreme stays visible.
public struct EquityChart: Sendable {
    /// Bar times in milliseconds since the epoch (UTC), ascending.
    public var times: [Int64]
    /// Account equity at each time; finite.
    public var equity: [Double]
    /// An optional comparison curve (for example buy-and-hold), one finite value per time.
    public var benchmark: [Double]?
    /// The chart title.
    public var title: String
    /// The legend name of `equity`.
    public var equityName: String
    /// The legend name of `benchmark`.
    public var benchmarkName: String
    /// The image size.
    public var size: ChartSize

    /// The smallest size the layout fits in.
    public static let minimumSize = ChartSize(width: 400, height: 300)

    /// Creates a chart; nothing is checked until ``png()``.
    public init(
        times: [Int64], equity: [Double], benchmark: [Double]? = nil, title: String,
        equityName: String = "Strategy", benchmarkName: String = "Buy & hold",
        size: ChartSize = ChartSize(width: 1000, height: 560)
    ) {
        self.times = times
        self.equity = equity
        self.benchmark = benchmark
        self.title = title
        self.equityName = equityName
        self.benchmarkName = benchmarkName
        self.size = size
    }

    /// The chart as PNG bytes; throws ``ChartError`` for empty, mismatched, unordered or non-finite input or a too-small size.
    public func png() throws(ChartError) -> Data {
        try size.check(minimum: Self.minimumSize)
        try Validation.nonEmpty(times.count, "times")
        try Validation.sameLength(equity.count, "equity", as: times.count, "times")
        try Validation.finite(equity, "equity")
        if let benchmark {
            try Validation.sameLength(benchmark.count, "benchmark", as: times.count, "times")
            try Validation.finite(benchmark, "benchmark")
        }
        try Validation.ascending(times, "times")

        let canvas = try Canvas(size: size)
        draw(on: canvas)
        return try canvas.png()
    }

    private func draw(on canvas: Canvas) {
        let start = times[0], end = times[times.count - 1]
        let drawdown = Drawdown(equity)
        let benchmarkDrawdown = benchmark.map { Drawdown($0) }

        var low = equity.min()!, high = equity.max()!
        if let benchmark {
            low = min(low, benchmark.min()!)
            high = max(high, benchmark.max()!)
        }

        // Layout: margins depend on the widest tick label, so scales come first.
        let top = 64.0, bottom = 46.0, right = 24.0, gap = 14.0
        let plotHeight = canvas.height - top - bottom - gap
        let equityHeight = (plotHeight * 0.7).rounded()
        let equityScale = NiceScale(low, high, maxTicks: max(2, Int(equityHeight / 48)), padding: 0.04)
        // Headroom below the trough, so its marker and label never sit on the panel's frame.
        let deepest = min(min(drawdown.deepest, benchmarkDrawdown?.deepest ?? 0) * 1.08, -1)
        let drawdownScale = NiceScale(deepest, 0, maxTicks: max(2, Int((plotHeight - equityHeight) / 32)))
        let labelWidth = max(canvas.widestLabel(equityScale), canvas.widestLabel(drawdownScale, suffix: "%"))
        let left = (22 + 10 + labelWidth + 8).rounded()
        let upper = PlotRect(x: left, y: top, width: canvas.width - left - right, height: equityHeight)
        let lower = PlotRect(x: left, y: upper.bottom + gap, width: upper.width, height: plotHeight - equityHeight)

        canvas.title(title, x: 14, subtitle: subtitle(drawdown))
        let axis = TimeAxis(start: start, end: end, pixels: upper.width) { canvas.textWidth($0, size: Canvas.labelSize) }
        canvas.valueAxis(equityScale, in: upper)
        canvas.valueAxis(drawdownScale, in: lower, suffix: "%")
        canvas.timeAxis(axis, panels: [upper, lower], start: start, end: end)
        canvas.verticalTitle("Equity", x: 16, rect: upper)
        canvas.verticalTitle("Drawdown", short: "DD", x: 16, rect: lower)

        let span = Double(max(end - start, 1))
        let columns = Int(upper.width)

        // The worst peak-to-trough stretch, shaded behind the curves.
        if drawdown.deepest < 0 {
            let x0 = upper.px(Double(times[drawdown.peakIndex] - start), 0, span)
            let x1 = upper.px(Double(times[drawdown.troughIndex] - start), 0, span)
            canvas.rect(x0, upper.y, max(x1 - x0, 1), upper.height)
            canvas.fill(Color.loss.with(alpha: 0.07))
            canvas.rect(x0, lower.y, max(x1 - x0, 1), lower.height)
            canvas.fill(Color.loss.with(alpha: 0.05))
        }

        // Where the drawn points of a curve land, so the legend can stay off them.
        let place: ([Int], [Double]) -> [(x: Double, y: Double)] = { kept, values in
            kept.map { (upper.px(Double(times[$0] - start), 0, span), upper.py(values[$0], equityScale.lower, equityScale.upper)) }
        }
        var legend: [Canvas.LegendEntry] = [.init(name: equityName, swatch: .line(Color.series(0), dash: []))]
        var drawn: [(x: Double, y: Double)] = []
        if let benchmark {
            let kept = ColumnDownsampler.indices(times: times, values: benchmark, start: start, end: end, columns: columns)
            canvas.series(kept, times: times, values: benchmark, start: start, end: end, scale: equityScale, rect: upper, color: Self.benchmarkColor, width: 1.3)
            drawn = place(kept, benchmark)
            legend.append(.init(name: benchmarkName, swatch: .line(Self.benchmarkColor, dash: [])))
        }
        let kept = ColumnDownsampler.indices(times: times, values: equity, start: start, end: end, columns: columns)
        canvas.series(kept, times: times, values: equity, start: start, end: end, scale: equityScale, rect: upper, color: Color.series(0), width: 1.7)
        drawn += place(kept, equity)

        if let benchmarkDrawdown {
            let kept = ColumnDownsampler.indices(times: times, values: benchmarkDrawdown.percent, start: start, end: end, columns: columns)
            canvas.series(kept, times: times, values: benchmarkDrawdown.percent, start: start, end: end, scale: drawdownScale, rect: lower, color: Self.benchmarkColor, width: 1)
        }
        drawDrawdown(drawdown, on: canvas, rect: lower, scale: drawdownScale, start: start, end: end)
        canvas.hairline(from: (lower.x, lower.y), to: (lower.right, lower.y), .zeroLine)
        canvas.frame(upper)
        canvas.frame(lower)
        if drawdown.deepest < 0 {
            legend.append(.init(name: "Max drawdown period", swatch: .box(Color.loss.with(alpha: 0.14))))
        }
        let corner = canvas.quietCorner(for: legend, in: upper, avoiding: drawn)
        canvas.legend(legend, x: corner.x, y: corner.y, maxWidth: upper.width - 16)
        canvas.text("UTC", x: canvas.width - 8, y: canvas.height - 8, size: Canvas.smallSize, color: .mutedText, h: .right, v: .bottom)
    }

    private static let benchmarkColor = Color(hex: 0x8A8A8A)

    private func subtitle(_ drawdown: Drawdown) -> [String] {
        let first = UTCDate(ms: times[0]), last = UTCDate(ms: times[times.count - 1])
        var parts = ["\(first.iso) – \(last.iso)"]
        if equity[0] > 0 {
            let total = (equity[equity.count - 1] / equity[0] - 1) * 100
            parts.append("return \(total >= 0 ? "+" : "")\(NumberText.format(total, decimals: 1))%")
        }
        parts.append("max drawdown \(NumberText.format(drawdown.deepest, decimals: 1))%")
        if let benchmark, benchmark[0] > 0 {
            let total = (benchmark[benchmark.count - 1] / benchmark[0] - 1) * 100
            parts.append("\(benchmarkName.lowercased()) \(total >= 0 ? "+" : "")\(NumberText.format(total, decimals: 1))%")
        }
        return parts
    }

    private func drawDrawdown(_ drawdown: Drawdown, on canvas: Canvas, rect: PlotRect, scale: NiceScale, start: Int64, end: Int64) {
        let values = drawdown.percent
        let kept = ColumnDownsampler.indices(times: times, values: values, start: start, end: end, columns: Int(rect.width))
        let span = Double(max(end - start, 1))
        let zero = rect.py(0, scale.lower, scale.upper)
        canvas.move(rect.px(Double(times[kept[0]] - start), 0, span), zero)
        for i in kept {
            canvas.line(rect.px(Double(times[i] - start), 0, span), rect.py(values[i], scale.lower, scale.upper))
        }
        canvas.line(rect.px(Double(times[kept[kept.count - 1]] - start), 0, span), zero)
        canvas.close()
        canvas.fill(Color.loss.with(alpha: 0.28))
        canvas.series(kept, times: times, values: values, start: start, end: end, scale: scale, rect: rect, color: Color.loss, width: 1.1)

        guard drawdown.deepest < 0 else { return }
        let x = rect.px(Double(times[drawdown.troughIndex] - start), 0, span)
        let y = rect.py(drawdown.deepest, scale.lower, scale.upper)
        canvas.circle(x, y, radius: 3.5)
        canvas.fill(Color.loss)
        let depth = NumberText.format(drawdown.deepest, decimals: 1) + "%"
        let labels = ["max drawdown \(depth)  (\(UTCDate(ms: times[drawdown.troughIndex]).iso))", "max DD \(depth)"]
        // Beside the marker inside the panel: the side with more room, the short label if the long one does not fit.
        let onLeft = x > rect.x + rect.width / 2
        let room = onLeft ? x - 8 - rect.x - 4 : rect.right - 4 - x - 8
        let label = labels.first { canvas.textWidth($0, size: Canvas.labelSize, bold: true) <= room } ?? labels[labels.count - 1]
        let width = canvas.textWidth(label, size: Canvas.labelSize, bold: true)
        let anchor = onLeft ? max(x - 8, rect.x + 4 + width) : min(x + 8, rect.right - 4 - width)
        let half = Canvas.labelSize * 0.75
        canvas.text(
            label, x: anchor, y: min(max(y, rect.y + half + 2), rect.bottom - half - 2), size: Canvas.labelSize, color: Color(hex: 0x9B1B1C), bold: true,
            h: onLeft ? .right : .left, v: .middle, halo: true
        )
    }
}
