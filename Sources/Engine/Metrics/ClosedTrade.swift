/// A round trip: a position opened and closed (fully or a FIFO lot of it), with its result net of fees.
public struct ClosedTrade: Sendable, Equatable, Codable {
    /// Which way the trade was opened.
    public enum Side: String, Sendable, Codable {
        case long, short
    }

    public var symbol: String
    public var side: Side
    /// Quantity traded, always positive; ``side`` carries the direction.
    public var quantity: Double
    /// Entry fill time, epoch milliseconds.
    public var entryTime: Int64
    /// Exit fill time, epoch milliseconds.
    public var exitTime: Int64
    public var entryPrice: Double
    public var exitPrice: Double
    /// Fees paid on entry and exit.
    public var fees: Double
    /// Profit or loss in account currency, net of ``fees``.
    public var pnl: Double

    /// Creates a trade record.
    public init(
        symbol: String, side: Side, quantity: Double, entryTime: Int64, exitTime: Int64,
        entryPrice: Double, exitPrice: Double, fees: Double, pnl: Double
    ) {
        self.symbol = symbol
        self.side = side
        self.quantity = quantity
        self.entryTime = entryTime
        self.exitTime = exitTime
        self.entryPrice = entryPrice
        self.exitPrice = exitPrice
        self.fees = fees
        self.pnl = pnl
    }

    /// Net return on the entry notional as a fraction (0.02 = 2%): `pnl / (entryPrice × quantity)`.
    ///
    /// Like backtesting.py's `ReturnPct` this is a fraction despite the name; unlike it, fees are
    /// included, so it agrees in sign with ``pnl``. Zero when the entry notional is zero.
    public var returnPct: Double {
        let notional = entryPrice * quantity
        return notional == 0 ? 0 : pnl / notional
    }

    enum CodingKeys: String, CodingKey {
        case symbol, side, quantity, fees, pnl
        case entryTime = "entry_time", exitTime = "exit_time"
        case entryPrice = "entry_price", exitPrice = "exit_price"
    }
}
