/// How the simulated venue prices fills. Every field changes results, so all of them are reported.
///
/// Decoding fills absent fields with their defaults, so a journal or recipe written before a field
/// existed still reads (and means what it meant then). The rules each field selects are in docs/fills.md.
public struct FillModel: Sendable, Equatable, Codable {
    /// When a market order submitted during a bar fills.
    public enum MarketFill: String, Sendable, Codable {
        /// At the next bar's open (default: the signal is only known at the close).
        case nextOpen = "next_open"
        /// At the same bar's close: optimistic, for comparison with tools that do it.
        case close
    }

    /// The order in which the venue visits a bar's two extremes after its open (docs/fills.md).
    /// The path is always open → first extreme → second extreme → close.
    public enum IntrabarPath: String, Sendable, Codable, CaseIterable {
        /// The extreme against the venue's position (after the open's fills) first: low first when
        /// long, high first when short, so a stop is reached before a target (backtesting.py's
        /// assumption); when flat, the extreme nearer the open first.
        case adverse
        /// The extreme in favour of the position first: a target before a stop. For comparison only.
        case favorable
        /// The extreme nearer the open first, whatever the position (low first on a tie).
        case nearest
    }

    public var marketFill: MarketFill
    public var makerFeeBps: Double
    public var takerFeeBps: Double
    /// Adverse slippage on market and stop fills, in basis points of the price.
    public var slippageBps: Double
    /// Further adverse slippage in whole ticks.
    public var slippageTicks: Int64
    /// How a bar is walked: which extreme comes first, so which of a stop and a target touched in the
    /// same bar fills.
    public var intrabar: IntrabarPath
    /// The share of a bar's volume all of a symbol's fills on that bar may take together (0 < share ≤ 1);
    /// 0 is off (any quantity fills). What does not fit stays working (partly filled) for later bars.
    public var volumeShare: Double
    /// Bars an order waits, after the bar it would first work on, before it reaches the venue's book;
    /// 0 (default) works from the bar after the phase that sent it.
    public var latencyBars: Int

    public init(
        marketFill: MarketFill = .nextOpen, makerFeeBps: Double = 0, takerFeeBps: Double = 0, slippageBps: Double = 0,
        slippageTicks: Int64 = 0, intrabar: IntrabarPath = .adverse, volumeShare: Double = 0, latencyBars: Int = 0
    ) {
        self.marketFill = marketFill
        self.makerFeeBps = makerFeeBps
        self.takerFeeBps = takerFeeBps
        self.slippageBps = slippageBps
        self.slippageTicks = slippageTicks
        self.intrabar = intrabar
        self.volumeShare = volumeShare
        self.latencyBars = latencyBars
    }

    enum CodingKeys: String, CodingKey {
        case marketFill = "market_fill", makerFeeBps = "maker_fee_bps", takerFeeBps = "taker_fee_bps"
        case slippageBps = "slippage_bps", slippageTicks = "slippage_ticks"
        case intrabar, volumeShare = "volume_share", latencyBars = "latency_bars"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = FillModel()
        marketFill = try container.decodeIfPresent(MarketFill.self, forKey: .marketFill) ?? defaults.marketFill
        makerFeeBps = try container.decodeIfPresent(Double.self, forKey: .makerFeeBps) ?? defaults.makerFeeBps
        takerFeeBps = try container.decodeIfPresent(Double.self, forKey: .takerFeeBps) ?? defaults.takerFeeBps
        slippageBps = try container.decodeIfPresent(Double.self, forKey: .slippageBps) ?? defaults.slippageBps
        slippageTicks = try container.decodeIfPresent(Int64.self, forKey: .slippageTicks) ?? defaults.slippageTicks
        intrabar = try container.decodeIfPresent(IntrabarPath.self, forKey: .intrabar) ?? defaults.intrabar
        volumeShare = try container.decodeIfPresent(Double.self, forKey: .volumeShare) ?? defaults.volumeShare
        latencyBars = try container.decodeIfPresent(Int.self, forKey: .latencyBars) ?? defaults.latencyBars
    }

    /// The execution settings beyond costs, in words, for reports: "" when all are at their defaults.
    public var executionSummary: String {
        var parts: [String] = []
        if intrabar != .adverse { parts.append("intrabar path \(intrabar.rawValue)") }
        if volumeShare > 0 { parts.append("fills capped at \(volumeShare * 100)% of bar volume, shared by all orders") }
        if latencyBars > 0 { parts.append("latency \(latencyBars) bar\(latencyBars == 1 ? "" : "s")") }
        return parts.joined(separator: ", ")
    }
}
