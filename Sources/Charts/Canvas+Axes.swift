import Foundation

/// Drawing shared by the charts: titles, value and time axes, legends, polylines.
extension Canvas {
    static let titleSize = 17.0
    static let labelSize = 12.0
    static let smallSize = 11.0

    /// The title and an optional subtitle made of parts, left-aligned at `x`; trailing parts that
    /// would run off the image are left out.
    func title(_ title: String, x: Double, subtitle parts: [String] = []) {
        text(title, x: x, y: 28, size: Self.titleSize, bold: true)
        var shown = parts
        while !shown.isEmpty, textWidth(shown.joined(separator: Self.separator), size: Self.labelSize) > width - 2 * x {
            shown.removeLast()
        }
        text(shown.joined(separator: Self.separator), x: x, y: 47, size: Self.labelSize, color: .mutedText)
    }

    static let separator = "  ·  "

    /// The widest tick label of a value axis, to size the left margin before drawing.
    func widestLabel(_ scale: NiceScale, suffix: String = "") -> Double {
        scale.ticks.map { textWidth(scale.label($0, suffix: suffix), size: Self.labelSize) }.max() ?? 0
    }

    /// Horizontal grid lines and left tick labels for `scale` over `rect`.
    func valueAxis(_ scale: NiceScale, in rect: PlotRect, suffix: String = "") {
        for tick in scale.ticks {
            let y = rect.py(tick, scale.lower, scale.upper)
            hairline(from: (rect.x, y), to: (rect.right, y), .grid)
            text(scale.label(tick, suffix: suffix), x: rect.x - 8, y: y, size: Self.labelSize, color: .mutedText, h: .right, v: .middle)
        }
    }

    /// An axis title written upwards, centred on `rect`'s height at column `x`; `short` when `title` is taller than the panel.
    func verticalTitle(_ title: String, short: String? = nil, x: Double, rect: PlotRect) {
        let title = textWidth(title, size: Self.labelSize) > rect.height - 4 ? short ?? title : title
        text(title, x: x, y: rect.y + rect.height / 2, size: Self.labelSize, color: .mutedText, h: .center, v: .middle, angle: -Double.pi / 2)
    }

    /// Vertical grid lines through every panel and the time labels under the last one.
    func timeAxis(_ axis: TimeAxis, panels: [PlotRect], start: Int64, end: Int64) {
        guard let bottom = panels.last else { return }
        var contextEnd = -Double.infinity
        for tick in axis.ticks {
            let x = bottom.px(Double(tick.time - start), 0, Double(max(end - start, 1)))
            for panel in panels { hairline(from: (x, panel.y), to: (x, panel.bottom), .grid) }
            hairline(from: (x, bottom.bottom), to: (x, bottom.bottom + 4), .axis)
            text(tick.label, x: x, y: bottom.bottom + 8, size: Self.labelSize, color: .mutedText, h: .center, v: .top)
            if let context = tick.context {
                let width = textWidth(context, size: Self.smallSize)
                // A context label never overlaps the previous one, nor runs off the image.
                let left = min(max(x - width / 2, 2), self.width - width - 2)
                if left > contextEnd + 8 {
                    text(context, x: left, y: bottom.bottom + 25, size: Self.smallSize, color: .mutedText, v: .top)
                    contextEnd = left + width
                }
            }
        }
    }

    /// A frame line along the left and bottom edges of `rect`.
    func frame(_ rect: PlotRect) {
        hairline(from: (rect.x, rect.y), to: (rect.x, rect.bottom), .axis)
        hairline(from: (rect.x, rect.bottom), to: (rect.right, rect.bottom), .axis)
    }

    /// One legend entry: a name and how its swatch is drawn.
    struct LegendEntry {
        enum Swatch { case line(Color, dash: [Double]), box(Color) }
        var name: String
        var swatch: Swatch
    }

    /// The legend's rows when no row may be wider than `maxWidth`: entries and their widths.
    private func legendRows(_ entries: [LegendEntry], maxWidth: Double) -> [[(LegendEntry, Double)]] {
        var rows: [[(LegendEntry, Double)]] = [[]]
        var used = 16.0
        for entry in entries {
            let width = 28 + textWidth(entry.name, size: Self.labelSize) + 14
            if used + width > maxWidth, !rows[rows.count - 1].isEmpty {
                rows.append([])
                used = 16
            }
            rows[rows.count - 1].append((entry, width))
            used += width
        }
        return rows
    }

    /// The size of the legend box for `entries` wrapped at `maxWidth`.
    func legendSize(_ entries: [LegendEntry], maxWidth: Double) -> (width: Double, height: Double) {
        let rows = legendRows(entries, maxWidth: maxWidth)
        let width = rows.map { $0.reduce(16) { $0 + $1.1 } - 14 }.max() ?? 0
        return (width, Double(rows.count) * 20 + 6)
    }

    /// The top-left point of the corner of `rect` where a legend box hides the fewest of `points`.
    ///
    /// Corners are tried top-left, top-right, bottom-left, bottom-right; the first with the least
    /// data under it wins, so a curve that starts high is not covered by the legend.
    func quietCorner(for entries: [LegendEntry], in rect: PlotRect, avoiding points: [(x: Double, y: Double)]) -> (x: Double, y: Double) {
        let box = legendSize(entries, maxWidth: rect.width - 16)
        let inset = 8.0, margin = 4.0
        let corners = [
            (rect.x + inset, rect.y + inset), (rect.right - inset - box.width, rect.y + inset),
            (rect.x + inset, rect.bottom - inset - box.height), (rect.right - inset - box.width, rect.bottom - inset - box.height),
        ]
        var best = corners[0], fewest = Int.max
        for corner in corners {
            let hidden = points.reduce(0) { count, p in
                let inside = p.x >= corner.0 - margin && p.x <= corner.0 + box.width + margin
                    && p.y >= corner.1 - margin && p.y <= corner.1 + box.height + margin
                return count + (inside ? 1 : 0)
            }
            if hidden < fewest { (best, fewest) = (corner, hidden) }
        }
        return best
    }

    /// A legend on a light box whose top-left corner is (x, y), wrapping rows at `maxWidth`.
    func legend(_ entries: [LegendEntry], x: Double, y: Double, maxWidth: Double) {
        guard !entries.isEmpty else { return }
        let box = legendSize(entries, maxWidth: maxWidth)
        rect(x, y, box.width, box.height)
        fill(Color.white.with(alpha: 0.88))
        for (r, row) in legendRows(entries, maxWidth: maxWidth).enumerated() {
            var cx = x + 8
            let cy = y + 13 + Double(r) * 20
            for (entry, width) in row {
                switch entry.swatch {
                case let .line(color, dash):
                    move(cx, cy)
                    line(cx + 20, cy)
                    stroke(color, width: 2.5, dash: dash)
                case let .box(color):
                    rect(cx + 4, cy - 6, 12, 12)
                    fill(color)
                }
                text(entry.name, x: cx + 28, y: cy, size: Self.labelSize, h: .left, v: .middle)
                cx += width
            }
        }
    }

    /// A line through the points at `indices`, clipped to `rect`.
    func series(
        _ indices: [Int], times: [Int64], values: [Double], start: Int64, end: Int64,
        scale: NiceScale, rect: PlotRect, color: Color, width: Double = 1.6, dash: [Double] = []
    ) {
        guard let first = indices.first else { return }
        let span = Double(max(end - start, 1))
        clip(rect.x, rect.y - 2, rect.width + 2, rect.height + 4)
        move(rect.px(Double(times[first] - start), 0, span), rect.py(values[first], scale.lower, scale.upper))
        for i in indices.dropFirst() {
            line(rect.px(Double(times[i] - start), 0, span), rect.py(values[i], scale.lower, scale.upper))
        }
        if indices.count == 1 {
            // One point has no line to draw: mark it so the chart is not blank.
            circle(rect.px(Double(times[first] - start), 0, span), rect.py(values[first], scale.lower, scale.upper), radius: 3)
            fill(color)
        } else {
            stroke(color, width: width, dash: dash)
        }
        unclip()
    }
}
