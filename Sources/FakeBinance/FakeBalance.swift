public import Foundation

/// One asset balance of an account.
public struct FakeBalance: Sendable, Equatable {
    /// API key of the account.
    public var apiKey: String
    /// Asset, e.g. "BTC".
    public var asset: String
    /// Free amount.
    public var free: Decimal
    /// Amount locked by open orders.
    public var locked: Decimal
}
