/// One named line of a ``LineChart``: a value for each of the chart's times.
public struct LineSeries: Sendable, Equatable {
    /// The legend name.
    public var name: String
    /// One finite value per time of the chart.
    public var values: [Double]

    /// Creates a series.
    public init(name: String, values: [Double]) {
        self.name = name
        self.values = values
    }
}
