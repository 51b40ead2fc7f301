/// One named series of a ``BarChart``: a value per category, `nil` where there is none.
public struct BarChartSeries: Sendable, Equatable {
    /// The legend name.
    public var name: String
    /// One value per category; `nil` draws a grey "n/a" instead of a bar.
    public var values: [Double?]

    /// Creates a series.
    public init(name: String, values: [Double?]) {
        self.name = name
        self.values = values
    }
}
