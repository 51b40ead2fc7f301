public import Foundation

/// One order on the fake venue, with the fields Binance reports.
public struct FakeOrder: Sendable, Equatable {
    /// Venue order id.
    public var orderId: Int64
    /// Order list id, -1 when the order is not part of one.
    public var orderListId: Int64
    /// Client order id.
    public var clientOrderId: String
    /// API key of the owning account.
    public var apiKey: String
    /// Symbol.
    public var symbol: String
    /// BUY or SELL.
    public var side: String
    /// LIMIT, MARKET, LIMIT_MAKER, STOP_LOSS, STOP_LOSS_LIMIT, TAKE_PROFIT, TAKE_PROFIT_LIMIT.
    public var type: String
    /// GTC, IOC or FOK.
    public var timeInForce: String
    /// Ordered quantity.
    public var origQty: Decimal
    /// Limit price (0 for market types).
    public var price: Decimal
    /// Stop price (0 when none).
    public var stopPrice: Decimal
    /// Trailing delta in basis points, nil when none.
    public var trailingDelta: Int?
    /// Filled quantity.
    public var executedQty: Decimal
    /// Filled quote amount.
    public var cummulativeQuoteQty: Decimal
    /// PENDING_NEW (an OTO's pending order), NEW, PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED, REJECTED.
    public var status: String
    /// Creation time (ms).
    public var time: Int64
    /// Last update time (ms).
    public var updateTime: Int64
    /// Whether the order is on the book (stops are not until triggered).
    public var isWorking: Bool
    /// When it started working (ms).
    public var workingTime: Int64
    /// Asset and amount still locked for the order.
    var lockedAsset: String
    /// Amount still locked.
    var lockedAmount: Decimal
    /// Best price seen since a trailing stop activated; nil until active.
    var trailingExtreme: Decimal?

    /// Whether the order can still trade or be cancelled.
    public var isOpen: Bool { status == "NEW" || status == "PARTIALLY_FILLED" }
    /// Quantity still to fill.
    public var remaining: Decimal { origQty - executedQty }
}
