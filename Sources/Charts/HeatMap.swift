public import Foundation

/// A grid of one metric over two parameters (for example Sharpe ratio over fast × slow moving
/// average lengths), with a colour bar, values printed in cells large enough to hold them, missing
/// cells hatched, and an optional highlighted cell (the winner).
///
/// Row 0 of `cells` is drawn at the top, like a table.
public struct HeatMap: Sendable {
    /// The horizontal parameter's name.
    public var xLabel: String
    /// The vertical parameter's name.
    public var yLabel: String
    /// The column labels, left to right.
    public var xValues: [String]
    /// The row labels, top to bottom.
    public var yValues: [String]
    /// The values, `cells[row][column]`; `nil` marks a missing or failed scenario.
    public var cells: [[Double?]]
    /// The metric's name, shown on the colour bar.
    public var metric: String
    /// The chart title.
    public var title: String
    /// A cell to outline, if any.
    public var highlight: HeatMapCell?
    /// The image size.
    public var size: ChartSize

    /// The smallest size the layout fits in.
    public static let minimumSize = ChartSize(width: 360, height: 260)

    /// Creates a heat map; nothing is checked until ``png()``.
    public init(
        xLabel: String, yLabel: String, xValues: [String], yValues: [String], cells: [[Double?]],
        metric: String, title: String, highlight: HeatMapCell? = nil, size: ChartSize = ChartSize(width: 900, height: 640)
    ) {
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xValues = xValues
        self.yValues = yValues
        self.cells = cells
        self.metric = metric
        self.title = title
        self.highlight = highlight
        self.size = size
    }

    /// The chart as PNG bytes; throws ``ChartError`` for empty, ragged or non-finite input, a highlight outside the grid, or a too-small size.
    public func png() throws(ChartError) -> Data {
        try size.check(minimum: Self.minimumSize)
        try Validation.nonEmpty(xValues.count, "xValues")
        try Validation.nonEmpty(yValues.count, "yValues")
        try Validation.sameLength(cells.count, "cells (rows)", as: yValues.count, "yValues")
        for (r, row) in cells.enumerated() {
            try Validation.sameLength(row.count, "cells[\(r)]", as: xValues.count, "xValues")
            for (c, value) in row.enumerated() {
                if let value, !value.isFinite { throw Validation.nonFinite(value, "cells[\(r)][\(c)]") }
            }
        }
        if let highlight, !(xValues.indices.contains(highlight.x) && yValues.indices.contains(highlight.y)) {
            throw ChartError(
                .outOfRange, "highlight (x: \(highlight.x), y: \(highlight.y)) lies outside the \(xValues.count)×\(yValues.count) grid",
                hint: "pass column and row indices starting at 0"
            )
        }
        let canvas = try Canvas(size: size)
        draw(on: canvas)
        return try canvas.png()
    }

    /// Where the grid goes and how its labels fit: row labels left, column labels below (slanted when
    /// wide), colour bar right.
    private struct Layout {
        var grid: PlotRect
        var cellWidth: Double
        var cellHeight: Double
        /// Whether column labels are slanted (at ``angle``) because they are wider than a cell.
        var slant: Bool
        /// The widest column label.
        var xWidest: Double
        let angle = -Double.pi / 4
    }

    private func draw(on canvas: Canvas) {
        let values = cells.flatMap { $0.compactMap { $0 } }
        let colors = ColorScale(values: values)
        let barScale = NiceScale(colors.low, colors.high, maxTicks: 6)
        drawTitle(on: canvas, values: values)
        let layout = layout(on: canvas, barScale: barScale)
        drawCells(on: canvas, layout: layout, values: values, colors: colors)
        drawSeamsAndHighlight(on: canvas, layout: layout)
        drawLabels(on: canvas, layout: layout)
        let grid = layout.grid
        colorBar(on: canvas, colors: colors, scale: barScale, rect: PlotRect(x: grid.right + 18, y: grid.y, width: 16, height: grid.height))
    }

    private func drawTitle(on canvas: Canvas, values: [Double]) {
        var subtitle = ["\(metric) by \(xLabel) × \(yLabel)"]
        if let highlight, let value = cells[highlight.y][highlight.x] {
            subtitle.append("outlined: best, \(xLabel) \(xValues[highlight.x]), \(yLabel) \(yValues[highlight.y]) (\(NumberText.compact(value, scale: value)))")
        }
        if values.count < xValues.count * yValues.count {
            subtitle.append("hatched: no result")
        }
        canvas.title(title, x: 14, subtitle: subtitle)
    }

    private func layout(on canvas: Canvas, barScale: NiceScale) -> Layout {
        let yWidest = yValues.map { canvas.textWidth($0, size: Canvas.labelSize) }.max() ?? 0
        let xWidest = xValues.map { canvas.textWidth($0, size: Canvas.labelSize) }.max() ?? 0
        let barLabels = barScale.ticks.map { canvas.textWidth(barScale.label($0), size: Canvas.labelSize) }.max() ?? 0
        let left = (22 + 10 + yWidest + 8).rounded()
        let right = (18 + 16 + 6 + barLabels + 10 + 22).rounded()
        let roughCell = (canvas.width - left - right) / Double(xValues.count)
        let slant = xWidest > roughCell - 6
        let angle = -Double.pi / 4
        let bottom = ((slant ? xWidest * sin(-angle) + 14 : 22) + 30).rounded()
        let top = 66.0
        let grid = PlotRect(x: left, y: top, width: canvas.width - left - right, height: canvas.height - top - bottom)
        return Layout(grid: grid, cellWidth: grid.width / Double(xValues.count), cellHeight: grid.height / Double(yValues.count), slant: slant, xWidest: xWidest)
    }

    private func drawCells(on canvas: Canvas, layout: Layout, values: [Double], colors: ColorScale) {
        let (grid, cellWidth, cellHeight) = (layout.grid, layout.cellWidth, layout.cellHeight)
        let format = values.map { abs($0) }.max() ?? 1
        let sample = NumberText.compact(-format, scale: format)
        let fontSize = min(13, max(9, cellHeight * 0.32))
        let printValues = canvas.textWidth(sample, size: fontSize) + 6 <= cellWidth && cellHeight >= fontSize + 6
        for (r, row) in cells.enumerated() {
            for (c, value) in row.enumerated() {
                // Edges on whole pixels: fractional ones leave anti-aliased light seams between cells.
                let x = (grid.x + Double(c) * cellWidth).rounded(), y = (grid.y + Double(r) * cellHeight).rounded()
                let width = (grid.x + Double(c + 1) * cellWidth).rounded() - x
                let height = (grid.y + Double(r + 1) * cellHeight).rounded() - y
                if let value {
                    canvas.rect(x, y, width, height)
                    let color = colors.color(value)
                    canvas.fill(color)
                    if printValues {
                        let ink = color.luminance > 0.35 ? Color.text : Color.white
                        canvas.text(NumberText.compact(value, scale: format), x: x + width / 2, y: y + height / 2, size: fontSize, color: ink, h: .center, v: .middle)
                    }
                } else {
                    missing(on: canvas, x: x, y: y, width: width, height: height)
                }
            }
        }
    }

    /// White seams between cells, thin enough to vanish on dense grids, and the highlighted cell's outline.
    private func drawSeamsAndHighlight(on canvas: Canvas, layout: Layout) {
        let (grid, cellWidth, cellHeight) = (layout.grid, layout.cellWidth, layout.cellHeight)
        let seam = min(2, min(cellWidth, cellHeight) / 20)
        if seam >= 1 {
            for c in 1..<max(1, xValues.count) {
                let x = grid.x + Double(c) * cellWidth
                canvas.move(x, grid.y)
                canvas.line(x, grid.bottom)
            }
            for r in 1..<max(1, yValues.count) {
                let y = grid.y + Double(r) * cellHeight
                canvas.move(grid.x, y)
                canvas.line(grid.right, y)
            }
            canvas.stroke(.white, width: seam)
        }
        if let highlight {
            let x = grid.x + Double(highlight.x) * cellWidth, y = grid.y + Double(highlight.y) * cellHeight
            canvas.rect(x + 1.5, y + 1.5, cellWidth - 3, cellHeight - 3)
            canvas.stroke(Color.text, width: 3)
        }
    }

    /// Row and column labels (every few when they would crowd) and the two axis names.
    private func drawLabels(on canvas: Canvas, layout: Layout) {
        let (grid, cellWidth, cellHeight) = (layout.grid, layout.cellWidth, layout.cellHeight)
        let everyX = max(1, Int((layout.slant ? 20 / cellWidth : (layout.xWidest + 8) / cellWidth).rounded(.up)))
        let everyY = max(1, Int((16 / cellHeight).rounded(.up)))
        for (r, label) in yValues.enumerated() where r % everyY == 0 {
            canvas.text(label, x: grid.x - 8, y: grid.y + (Double(r) + 0.5) * cellHeight, size: Canvas.labelSize, color: .mutedText, h: .right, v: .middle)
        }
        for (c, label) in xValues.enumerated() where c % everyX == 0 {
            let x = grid.x + (Double(c) + 0.5) * cellWidth
            if layout.slant {
                canvas.text(label, x: x + 4, y: grid.bottom + 10, size: Canvas.labelSize, color: .mutedText, h: .right, v: .middle, angle: layout.angle)
            } else {
                canvas.text(label, x: x, y: grid.bottom + 8, size: Canvas.labelSize, color: .mutedText, h: .center, v: .top)
            }
        }
        canvas.text(xLabel, x: grid.x + grid.width / 2, y: canvas.height - 12, size: Canvas.labelSize, color: .mutedText, bold: true, h: .center, v: .bottom)
        canvas.text(yLabel, x: 16, y: grid.y + grid.height / 2, size: Canvas.labelSize, color: .mutedText, bold: true, h: .center, v: .middle, angle: -Double.pi / 2)
    }

    private func missing(on canvas: Canvas, x: Double, y: Double, width: Double, height: Double) {
        canvas.rect(x, y, width, height)
        canvas.fill(.missing)
        canvas.clip(x, y, width, height)
        var offset = -height
        while offset < width {
            canvas.move(x + offset, y + height)
            canvas.line(x + offset + height, y)
            offset += 7
        }
        canvas.stroke(.hatch, width: 1)
        canvas.unclip()
    }

    private func colorBar(on canvas: Canvas, colors: ColorScale, scale: NiceScale, rect: PlotRect) {
        let steps = max(1, Int(rect.height))
        for i in 0..<steps {
            let value = colors.high - (colors.high - colors.low) * (Double(i) + 0.5) / Double(steps)
            canvas.rect(rect.x, rect.y + Double(i), rect.width, 1.2)
            canvas.fill(colors.color(value))
        }
        canvas.rect(canvas.crisp(rect.x) - 1, canvas.crisp(rect.y) - 1, rect.width.rounded() + 1, rect.height.rounded() + 1)
        canvas.stroke(.axis, width: 1)
        for tick in scale.ticks where tick >= colors.low - scale.step * 1e-9 && tick <= colors.high + scale.step * 1e-9 {
            let y = rect.py(tick, colors.low, colors.high)
            canvas.hairline(from: (rect.right, y), to: (rect.right + 4, y), .axis)
            canvas.text(scale.label(tick), x: rect.right + 7, y: y, size: Canvas.labelSize, color: .mutedText, v: .middle)
        }
        canvas.text(metric, x: canvas.width - 14, y: rect.y + rect.height / 2, size: Canvas.labelSize, color: .mutedText, bold: true, h: .center, v: .middle, angle: -Double.pi / 2)
    }
}
