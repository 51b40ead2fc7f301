/// One OHLCV bar of one symbol, stamped with its open time.
///
/// Market data is kept as `Double`: it is what the exchange printed, and indicators work in floating
/// point. Accounting never uses these values directly; fills are rounded to the instrument's tick.
public struct Bar: Sendable, Equatable {
    /// The symbol's index in the run's ``SymbolTable``.
    public var symbol: SymbolID
    /// Open time, milliseconds since the Unix epoch (UTC).
    public var time: Int64
    public var open: Double
    public var high: Double
    public var low: Double
    public var close: Double
    public var volume: Double

    public init(symbol: SymbolID, time: Int64, open: Double, high: Double, low: Double, close: Double, volume: Double) {
        self.symbol = symbol
        self.time = time
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }
}
