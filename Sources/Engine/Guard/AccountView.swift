public import SparkCore

/// What a guard may see of the account when it decides: a read-only snapshot at the current event.
///
/// Built from the engine's own arrays (copy-on-write, so no copying happens), or by hand in policy
/// tests that state a portfolio and market directly.
public struct AccountView: Sendable {
    /// Event time, ms since the epoch.
    public var now: Int64
    public var cash: Money
    /// Cash plus positions marked at their last price.
    public var equity: Double
    /// Net position per symbol in quantity units, indexed by `SymbolID.rawValue`.
    public var positions: [Int64]
    /// Last close per symbol (NaN before the first bar).
    public var lastPrice: [Double]
    /// Time of the last price per symbol (`Int64.min` before the first).
    public var lastPriceTime: [Int64]
    /// The strategy's resting orders.
    public var openOrders: [Order]
    public var instruments: [Instrument]
    public var symbols: SymbolTable

    public init(
        now: Int64, cash: Money, equity: Double, positions: [Int64], lastPrice: [Double], lastPriceTime: [Int64],
        openOrders: [Order], instruments: [Instrument], symbols: SymbolTable
    ) {
        self.now = now
        self.cash = cash
        self.equity = equity
        self.positions = positions
        self.lastPrice = lastPrice
        self.lastPriceTime = lastPriceTime
        self.openOrders = openOrders
        self.instruments = instruments
        self.symbols = symbols
    }
}
