public import Binance

/// What one REST call did, for metrics: never the query string, the key or the signature.
public struct BinanceCallRecord: Sendable, Equatable {
    /// GET, POST or DELETE.
    public var method: String
    /// The endpoint path, e.g. `/api/v3/order`.
    public var path: String
    /// The HTTP status, nil when no answer came (timeout, connection failure, local refusal).
    public var httpStatus: Int?
    /// Binance's error code, when the answer carried one.
    public var code: Int?
    /// The failure kind, nil on success.
    public var failure: GatewayError.Kind?
    /// Local time from send to answer (ms).
    public var durationMs: Int64

    /// A record of one call.
    public init(method: String, path: String, httpStatus: Int?, code: Int?, failure: GatewayError.Kind?, durationMs: Int64) {
        self.method = method
        self.path = path
        self.httpStatus = httpStatus
        self.code = code
        self.failure = failure
        self.durationMs = durationMs
    }
}
