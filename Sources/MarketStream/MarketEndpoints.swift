/// The REST and market-stream bases of one exchange, from `--market-url`.
public struct MarketEndpoints: Sendable, Equatable {
    /// REST base, e.g. `https://api.binance.com`.
    public var rest: String
    /// Market-stream base, e.g. `wss://stream.binance.com:9443`.
    public var stream: String

    /// Binance's production addresses.
    public static let binance = MarketEndpoints(rest: "https://api.binance.com", stream: "wss://stream.binance.com:9443")

    /// Creates endpoints.
    public init(rest: String, stream: String) {
        (self.rest, self.stream) = (rest, stream)
    }

    /// Binance's addresses for nil; otherwise one server serving both, as the fake does:
    /// `http://127.0.0.1:PORT` → REST there and streams at `ws://127.0.0.1:PORT`.
    ///
    /// - Throws: ``MarketStreamError`` `.address` for anything but an http(s) URL.
    public static func from(marketURL: String?) throws(MarketStreamError) -> MarketEndpoints {
        guard let marketURL else { return .binance }
        let base = marketURL.hasSuffix("/") ? String(marketURL.dropLast()) : marketURL
        if base.hasPrefix("http://") { return MarketEndpoints(rest: base, stream: "ws://" + base.dropFirst(7)) }
        if base.hasPrefix("https://") { return MarketEndpoints(rest: base, stream: "wss://" + base.dropFirst(8)) }
        throw MarketStreamError(.address, "expected an http:// or https:// URL serving REST klines and /stream", location: marketURL)
    }
}
