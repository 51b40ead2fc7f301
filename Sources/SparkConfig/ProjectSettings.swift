/// What `spark.yaml` says about its project.
///
/// Later issues add venue endpoints, account tags, the secrets file and service ports here; each new
/// key is added to ``ProjectSettings/keys`` so older files keep loading and typos keep failing.
public struct ProjectSettings: Sendable, Equatable {
    /// The format version `spark.yaml` is written in (`spark: 1`).
    public static let formatVersion = 1
    /// The keys `spark.yaml` may hold.
    static let keys: Set<String> = ["spark", "name", "fees", "live", "serve"]

    /// The project's name, shown when a command says which project it acted on.
    public var name: String
    /// The project's default costs: what a proposal's evidence backtest charges (`fees:` in spark.yaml).
    public var fees: Fees
    /// Live trading's venue, account tag and credentials file (`live:`); the defaults name Binance spot.
    public var live: LiveSettings
    /// `serve:`, for `spark serve` (defaults when absent).
    public var serve: ServeSettings

    public init(name: String, fees: Fees = Fees(), live: LiveSettings = LiveSettings(), serve: ServeSettings = ServeSettings()) {
        self.name = name
        self.fees = fees
        self.live = live
        self.serve = serve
    }

    /// Costs in basis points of each fill's notional (docs/fills.md, "Costs and checks").
    ///
    /// ```yaml
    /// fees: { maker_bps: 10, taker_bps: 10, slippage_bps: 1 }
    /// ```
    /// `taker_bps` is required once `fees:` is given; `maker_bps` defaults to it, `slippage_bps` to 0.
    /// Without `fees:` every cost is 0, and a proposal's evidence says so.
    public struct Fees: Sendable, Equatable {
        /// The keys `fees:` may hold.
        static let keys: Set<String> = ["maker_bps", "taker_bps", "slippage_bps"]

        public var makerBps: Double
        public var takerBps: Double
        public var slippageBps: Double
        /// Whether spark.yaml set them (false: the zero defaults).
        public var isSet: Bool

        public init(makerBps: Double = 0, takerBps: Double = 0, slippageBps: Double = 0, isSet: Bool = false) {
            self.makerBps = makerBps
            self.takerBps = takerBps
            self.slippageBps = slippageBps
            self.isSet = isSet
        }
    }
}
