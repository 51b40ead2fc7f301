public import SparkCore

/// A closed bar as the journal keeps it.
public struct LiveBar: Sendable, Equatable, Codable {
    public var time: Int64
    public var open: Double
    public var high: Double
    public var low: Double
    public var close: Double
    public var volume: Double

    /// A bar from its fields.
    public init(time: Int64, open: Double, high: Double, low: Double, close: Double, volume: Double) {
        self.time = time
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }

    /// The journal's form of the engine's `bar`.
    public init(_ bar: Bar) {
        self.init(time: bar.time, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume)
    }

    /// The engine's bar for the session's one symbol.
    var bar: Bar { Bar(symbol: SymbolID(0), time: time, open: open, high: high, low: low, close: close, volume: volume) }
}
