/// One OHLCV bar as the store keeps it: named by symbol and interval strings, not run-local ids.
///
/// The store outlives any run, so it cannot use a ``SymbolID`` (an index into one run's table);
/// drivers map names to ids when they stream bars into the engine.
public struct StoredBar: Sendable, Equatable, Hashable {
    /// Exchange symbol, e.g. `BTCUSDT`.
    public var symbol: String
    /// Bar interval as written by the importer, e.g. `1m`, `1h`, `1d`.
    public var interval: String
    /// Open time, milliseconds since the Unix epoch (UTC); the row's key with symbol and interval.
    public var time: Int64
    public var open: Double
    public var high: Double
    public var low: Double
    public var close: Double
    public var volume: Double

    /// Creates a bar; nothing is validated here, the table's CHECK constraints guard what is written.
    public init(symbol: String, interval: String, time: Int64, open: Double, high: Double, low: Double, close: Double, volume: Double) {
        self.symbol = symbol
        self.interval = interval
        self.time = time
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }
}
