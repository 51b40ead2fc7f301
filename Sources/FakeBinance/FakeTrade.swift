public import Foundation

/// One fill of an account's order (the fake's truth: each trade once).
public struct FakeTrade: Sendable, Equatable {
    /// Symbol.
    public var symbol: String
    /// Trade id, consecutive per symbol (market trades share the sequence).
    public var id: Int64
    /// Order id.
    public var orderId: Int64
    /// Order list id or -1.
    public var orderListId: Int64
    /// Client order id of the order.
    public var clientOrderId: String
    /// API key of the account.
    public var apiKey: String
    /// Fill price.
    public var price: Decimal
    /// Fill quantity.
    public var qty: Decimal
    /// price × qty.
    public var quoteQty: Decimal
    /// Commission charged.
    public var commission: Decimal
    /// Commission asset.
    public var commissionAsset: String
    /// Trade time (ms).
    public var time: Int64
    /// Whether the account bought.
    public var isBuyer: Bool
    /// Whether the account's order was resting (maker).
    public var isMaker: Bool
}
