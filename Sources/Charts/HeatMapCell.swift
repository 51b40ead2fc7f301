/// A cell of a ``HeatMap`` by position: `x` is the column (an index into `xValues`), `y` the row.
public struct HeatMapCell: Sendable, Equatable, Hashable {
    /// The column index.
    public var x: Int
    /// The row index.
    public var y: Int

    /// Creates a cell position.
    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}
