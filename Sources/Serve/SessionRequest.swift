/// What `POST /sessions` asks for: the same choices as `spark paper` / `spark live` flags.
public struct SessionRequest: Codable, Sendable, Equatable {
    /// `paper` or `live`.
    public var mode: String
    /// The strategy's Lua file, relative to the project.
    public var strategy: String
    public var symbol: String
    /// Paper: a recorded bar file (relative to the project) or `binance:SYMBOL`.
    public var feed: String?
    /// The exchange serving a `binance:` feed (paper); the fake exchange's address in tests.
    public var marketURL: String?
    public var params: String?
    public var policy: String?
    public var interval: String?
    /// Paper's feed speed (a multiple of real time, or `max`).
    public var speed: String?
    /// Stop after this many bars.
    public var bars: Int?
    public var cash: Double?

    public init(mode: String, strategy: String, symbol: String) {
        self.mode = mode
        self.strategy = strategy
        self.symbol = symbol
    }

    enum CodingKeys: String, CodingKey {
        case mode, strategy, symbol, feed, params, policy, interval, speed, bars, cash
        case marketURL = "market_url"
    }
}
