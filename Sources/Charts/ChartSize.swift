/// The size of a chart image in pixels.
public struct ChartSize: Sendable, Equatable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int

    /// Creates a size.
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// Throws unless the size is at least `minimum` in both directions (and at most 10,000 px).
    func check(minimum: ChartSize) throws(ChartError) {
        guard width >= minimum.width, height >= minimum.height else {
            throw ChartError(
                .sizeTooSmall, "a \(width)×\(height) px chart is too small for its axes and labels",
                hint: "use at least \(minimum.width)×\(minimum.height) px"
            )
        }
        guard width <= 10_000, height <= 10_000 else {
            throw ChartError(
                .sizeTooLarge, "a \(width)×\(height) px chart is larger than 10,000 px on a side",
                hint: "use a smaller size; a report needs about 1,000 px"
            )
        }
    }
}
