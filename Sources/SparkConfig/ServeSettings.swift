/// What `spark.yaml` says about `spark serve` (`serve:`): where each service listens, how signed
/// control is checked, how sessions are supervised and which market streams the streams service keeps.
///
/// ```yaml
/// serve:
///   bind: 127.0.0.1
///   executor_port: 4001
///   backtest_port: 4501
///   streams_port: 4601
///   web_port: 3003
///   allow_insecure_bind: false
///   control_skew_s: 30
///   backtest_workers: 1
///   restart_limit: 3
///   restart_backoff_ms: 1000
///   max_body_bytes: 65536
///   stream_symbols: [BTCUSDT]
///   stream_interval: 1m
///   market_url: https://api.binance.com
/// ```
public struct ServeSettings: Sendable, Equatable {
    /// The keys `serve:` may hold.
    static let keys: Set<String> = [
        "bind", "executor_port", "backtest_port", "streams_port", "web_port", "allow_insecure_bind", "control_skew_s", "backtest_workers",
        "restart_limit", "restart_backoff_ms", "max_body_bytes", "stream_symbols", "stream_interval", "market_url",
    ]

    /// The address every service binds; loopback unless `allow_insecure_bind` says otherwise.
    public var bind: String
    public var executorPort: Int
    public var backtestPort: Int
    public var streamsPort: Int
    public var webPort: Int
    /// Allows a non-loopback bind without TLS (a TLS-terminating proxy in front is then the operator's job).
    public var allowInsecureBind: Bool
    /// How far a signed request's timestamp may be from the server's clock, in seconds.
    public var controlSkewSeconds: Int
    /// Backtest jobs run at once.
    public var backtestWorkers: Int
    /// Restarts of a session's process after it died, before the executor gives up on it.
    public var restartLimit: Int
    /// Wait before a restart, doubled after each one.
    public var restartBackoffMs: Int
    /// The largest request body any service reads.
    public var maxBodyBytes: Int
    /// Symbols the streams service keeps a market feed for.
    public var streamSymbols: [String]
    public var streamInterval: String
    /// The exchange serving REST klines and /stream (the fake exchange's address in tests).
    public var marketURL: String?

    public init(
        bind: String = "127.0.0.1", executorPort: Int = 4001, backtestPort: Int = 4501, streamsPort: Int = 4601, webPort: Int = 3003,
        allowInsecureBind: Bool = false, controlSkewSeconds: Int = 30, backtestWorkers: Int = 1, restartLimit: Int = 3,
        restartBackoffMs: Int = 1000, maxBodyBytes: Int = 65_536, streamSymbols: [String] = [], streamInterval: String = "1m", marketURL: String? = nil
    ) {
        self.bind = bind
        self.executorPort = executorPort
        self.backtestPort = backtestPort
        self.streamsPort = streamsPort
        self.webPort = webPort
        self.allowInsecureBind = allowInsecureBind
        self.controlSkewSeconds = controlSkewSeconds
        self.backtestWorkers = backtestWorkers
        self.restartLimit = restartLimit
        self.restartBackoffMs = restartBackoffMs
        self.maxBodyBytes = maxBodyBytes
        self.streamSymbols = streamSymbols
        self.streamInterval = streamInterval
        self.marketURL = marketURL
    }

    /// Whether `bind` is a loopback address.
    public var bindsLoopback: Bool { ["127.0.0.1", "::1", "localhost"].contains(bind) || bind.hasPrefix("127.") }
}
