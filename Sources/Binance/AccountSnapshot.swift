/// The account's balances per asset at one moment.
public struct AccountSnapshot: Sendable, Equatable, Codable {
    public var balances: [AssetBalance]
    /// Exchange time of the snapshot (epoch ms).
    public var updateTime: Int64
    public var canTrade: Bool

    public init(balances: [AssetBalance], updateTime: Int64, canTrade: Bool = true) {
        self.balances = balances
        self.updateTime = updateTime
        self.canTrade = canTrade
    }

    /// The balance of `asset`, or zero.
    public func balance(_ asset: String) -> AssetBalance {
        balances.first { $0.asset == asset } ?? AssetBalance(asset: asset, free: "0", locked: "0")
    }
}

/// Free and locked amounts of one asset, as decimal text.
public struct AssetBalance: Sendable, Equatable, Codable {
    public var asset: String
    public var free: String
    public var locked: String

    public init(asset: String, free: String, locked: String) {
        self.asset = asset
        self.free = free
        self.locked = locked
    }
}
