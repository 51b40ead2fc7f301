/// Where the gateway connects and how patient it is.
public struct BinanceGatewayConfiguration: Sendable {
    /// REST base, e.g. `https://api.binance.com` or `http://127.0.0.1:PORT` (no trailing slash).
    public var restBaseURL: String
    /// WebSocket API address, e.g. `wss://ws-api.binance.com:443/ws-api/v3`.
    public var webSocketAPIURL: String
    /// Per-request timeout; a timed-out request's outcome is unknown.
    public var requestTimeout: Duration
    /// `recvWindow` of the signed requests the gateway stamps itself (queries, cancels, the stream's logon).
    public var recvWindow: Int
    /// The user stream counts as lost after this long without any frame.
    public var silenceTimeout: Duration
    /// How often the user stream sends a WebSocket API `ping` so a healthy connection is never silent.
    public var streamPingInterval: Duration
    /// Share of each ORDERS budget kept for cancels.
    public var cancelReserve: Double
    /// Largest WebSocket frame accepted (≥ 1 MiB: execution reports of big lists, exchangeInfo-size answers).
    public var maxFrameSize: Int

    /// A configuration for `restBaseURL` and `webSocketAPIURL`, with Binance-friendly defaults.
    public init(
        restBaseURL: String, webSocketAPIURL: String, requestTimeout: Duration = .seconds(5), recvWindow: Int = 5_000,
        silenceTimeout: Duration = .seconds(60), streamPingInterval: Duration = .seconds(20), cancelReserve: Double = 0.2,
        maxFrameSize: Int = 1 << 20
    ) {
        self.restBaseURL = restBaseURL
        self.webSocketAPIURL = webSocketAPIURL
        self.requestTimeout = requestTimeout
        self.recvWindow = recvWindow
        self.silenceTimeout = silenceTimeout
        self.streamPingInterval = streamPingInterval
        self.cancelReserve = cancelReserve
        self.maxFrameSize = maxFrameSize
    }

    /// A local fake exchange on `port` (REST and WebSocket API on the same port).
    public static func loopback(port: Int) -> BinanceGatewayConfiguration {
        BinanceGatewayConfiguration(restBaseURL: "http://127.0.0.1:\(port)", webSocketAPIURL: "ws://127.0.0.1:\(port)/ws-api/v3")
    }
}
