/// What the store holds for one (symbol, interval) pair: its time range and row count.
public struct SeriesSummary: Sendable, Equatable, Hashable {
    public var symbol: String
    public var interval: String
    /// Open time of the first bar, epoch milliseconds.
    public var first: Int64
    /// Open time of the last bar, epoch milliseconds.
    public var last: Int64
    /// Number of bars stored for the pair.
    public var rows: Int

    /// Creates a summary.
    public init(symbol: String, interval: String, first: Int64, last: Int64, rows: Int) {
        self.symbol = symbol
        self.interval = interval
        self.first = first
        self.last = last
        self.rows = rows
    }
}
