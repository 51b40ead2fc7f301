/// How the simulated venue prices fills. Every field changes results, so all of them are reported.
public struct FillModel: Sendable, Equatable, Codable {
    /// When a market order submitted during a bar fills.
    public enum MarketFill: String, Sendable, Codable {
        /// At the next bar's open (default: the signal is only known at the close).
        case nextOpen = "next_open"
        /// At the same bar's close: optimistic, for comparison with tools that do it.
        case close
    }

    public var marketFill: MarketFill
    public var makerFeeBps: Double
    public var takerFeeBps: Double
    /// Adverse slippage on market and stop fills, in basis points of the price.
    public var slippageBps: Double
    /// Further adverse slippage in whole ticks.
    public var slippageTicks: Int64

    public init(marketFill: MarketFill = .nextOpen, makerFeeBps: Double = 0, takerFeeBps: Double = 0, slippageBps: Double = 0, slippageTicks: Int64 = 0) {
        self.marketFill = marketFill
        self.makerFeeBps = makerFeeBps
        self.takerFeeBps = takerFeeBps
        self.slippageBps = slippageBps
        self.slippageTicks = slippageTicks
    }

    enum CodingKeys: String, CodingKey {
        case marketFill = "market_fill", makerFeeBps = "maker_fee_bps", takerFeeBps = "taker_fee_bps"
        case slippageBps = "slippage_bps", slippageTicks = "slippage_ticks"
    }
}
