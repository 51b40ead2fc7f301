/// One queued fault instruction; it fires `count` times on the next matching request or event.
public struct FakeFault: Sendable, Equatable {
    /// The fault kinds of docs/binance-subset.md.
    public enum Kind: String, Sendable, CaseIterable {
        /// The order is placed, the answer is withheld until the client gives up.
        case dropResponseAfterPlace = "drop_response_after_place"
        /// The request is not processed and gets no answer.
        case dropRequest = "drop_request"
        /// The answer is delayed by `ms`.
        case delayResponse = "delay_response"
        /// HTTP 503 with the order placed or not (`placed`).
        case status5xx = "status_5xx"
        /// An error answer with `code`, the order placed or not (`placed`).
        case errorCode = "error_code"
        /// The next fill is delivered twice on the user stream, in the REST answer and in myTrades.
        case duplicateFill = "duplicate_fill"
        /// The next operation's executionReports arrive in reverse order.
        case reorderEvents = "reorder_events"
        /// The user stream connections close while the next order fills; those events are lost.
        case dropUserStream = "drop_user_stream"
        /// Open connections stop sending frames and stop reading (no pongs).
        case silentStream = "silent_stream"
        /// `serverShutdown` on market streams, `eventStreamTerminated` on the WebSocket API, then close.
        case serverShutdown = "server_shutdown"
        /// The next request gets 429 with `Retry-After: retryAfterSeconds`.
        case rateLimit = "rate_limit"
        /// The next request gets 418, banned for `seconds`.
        case ban
        /// The fake's clock moves by `ms` (either sign), as if the client's clock were skewed.
        case clockSkew = "clock_skew"
        /// The next cancel arrives just after the order filled: `-2011`.
        case cancelRace = "cancel_race"
        /// The next bar skips its closed kline (`gap: "kline"`) or skips trade ids (`gap: "trade"`).
        case marketGap = "market_gap"
        /// The answer is HTTP 200 with a body cut short: not JSON.
        case malformedResponse = "malformed_response"
    }

    /// What goes wrong.
    public var kind: Kind
    /// How many times it fires.
    public var count: Int
    /// Milliseconds for `delay_response` and `clock_skew`.
    public var ms: Int
    /// Whether the order is placed before a `status_5xx` / `error_code` answer.
    public var placed: Bool
    /// Binance error code for `error_code`.
    public var code: Int
    /// Seconds for `rate_limit` (Retry-After) and `ban`.
    public var seconds: Int
    /// "kline" or "trade" for `market_gap`.
    public var gap: String
    /// Path a request fault applies to; nil means order placement (POST order / orderList).
    public var path: String?
    /// HTTP method a request fault applies to; nil means any.
    public var method: String?
    /// For `drop_user_stream`: drop while the next order fills (true) or at once (false).
    public var duringFills: Bool

    /// Creates a fault.
    public init(
        _ kind: Kind, count: Int = 1, ms: Int = 0, placed: Bool = false, code: Int = -1006, seconds: Int = 10,
        gap: String = "kline", path: String? = nil, method: String? = nil, duringFills: Bool = true
    ) {
        self.kind = kind
        self.count = count
        self.ms = ms
        self.placed = placed
        self.code = code
        self.seconds = seconds
        self.gap = gap
        self.path = path
        self.method = method
        self.duringFills = duringFills
    }

    /// Whether this fault is answered by the REST layer for a request.
    var isRequestFault: Bool {
        [.dropResponseAfterPlace, .dropRequest, .delayResponse, .status5xx, .errorCode, .malformedResponse].contains(kind)
    }

    /// Whether a request fault applies to this request.
    func matches(method requestMethod: String, path requestPath: String) -> Bool {
        if let method, method.uppercased() != requestMethod { return false }
        if let path { return path == requestPath }
        return requestMethod == "POST" && (requestPath == "/api/v3/order" || requestPath.hasPrefix("/api/v3/orderList/"))
    }
}
