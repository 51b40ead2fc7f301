/// What `spark.yaml` says about live trading (`live:`): the venue's addresses, the account tag and
/// where the credentials file is. The file itself stays outside the repository.
///
/// ```yaml
/// live:
///   venue: binance
///   account: main
///   credentials: /home/trader/.config/spark/binance-live.yaml
///   rest_url: https://api.binance.com
///   ws_api_url: wss://ws-api.binance.com:443/ws-api/v3
///   stream_url: wss://stream.binance.com:9443
///   recv_window_ms: 5000
///   stop_on_foreign_orders: true
///   balance_tolerance: 0.00000001
///   request_timeout_ms: 5000
/// ```
public struct LiveSettings: Sendable, Equatable {
    /// The keys `live:` may hold.
    static let keys: Set<String> = [
        "venue", "account", "credentials", "rest_url", "ws_api_url", "stream_url", "recv_window_ms", "stop_on_foreign_orders", "balance_tolerance",
        "request_timeout_ms",
    ]

    /// Only `binance` (spot) today.
    public var venue: String
    /// The account tag in every client order id (1–8 letters or digits).
    public var account: String
    /// The credentials file (mode 0600, outside the repository); `SPARK_LIVE_CREDENTIALS` overrides it.
    public var credentials: String?
    public var restURL: String
    public var wsAPIURL: String
    public var streamURL: String
    /// Milliseconds a signed request stays valid after its timestamp (≤ 60,000).
    public var recvWindowMs: Int
    /// Whether an open order Spark did not make, on a traded symbol, stops the session at start-up.
    public var stopOnForeignOrders: Bool
    /// The largest difference per asset between the account and Spark's book that reconciliation accepts.
    public var balanceTolerance: Double
    /// How long an exchange request may take before its outcome counts as unknown (an order is then queried).
    public var requestTimeoutMs: Int

    public init(
        venue: String = "binance", account: String = "main", credentials: String? = nil, restURL: String = "https://api.binance.com",
        wsAPIURL: String = "wss://ws-api.binance.com:443/ws-api/v3", streamURL: String = "wss://stream.binance.com:9443",
        recvWindowMs: Int = 5_000, stopOnForeignOrders: Bool = true, balanceTolerance: Double = 1e-8, requestTimeoutMs: Int = 5_000
    ) {
        self.requestTimeoutMs = requestTimeoutMs
        self.venue = venue
        self.account = account
        self.credentials = credentials
        self.restURL = restURL
        self.wsAPIURL = wsAPIURL
        self.streamURL = streamURL
        self.recvWindowMs = recvWindowMs
        self.stopOnForeignOrders = stopOnForeignOrders
        self.balanceTolerance = balanceTolerance
    }
}
