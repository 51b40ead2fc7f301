/// A rectangle in image pixels (y grows downwards) with the value-to-pixel maps of a plot inside it.
struct PlotRect: Sendable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    var right: Double { x + width }
    var bottom: Double { y + height }

    /// The pixel column of `value` when `low…high` spans the width.
    func px(_ value: Double, _ low: Double, _ high: Double) -> Double {
        x + (value - low) / (high - low) * width
    }

    /// The pixel row of `value` when `low…high` spans the height, `high` at the top.
    func py(_ value: Double, _ low: Double, _ high: Double) -> Double {
        bottom - (value - low) / (high - low) * height
    }
}
