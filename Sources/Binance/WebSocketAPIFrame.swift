/// One text frame of Binance's WebSocket API: an answer to a request, or a pushed user-data event.
public enum WebSocketAPIFrame: Sendable, Equatable {
    /// `{"id": …, "status": 200, "result": …}` or `{"id": …, "status": 400, "error": {"code", "msg", "data": {"retryAfter"}}}`.
    case answer(id: String, status: Int, error: WebSocketAPIError?)
    /// `{"subscriptionId": …, "event": {…}}`; nil for event types Spark does not use.
    case event(UserStreamEvent?)
}

/// The `error` of a WebSocket API answer.
public struct WebSocketAPIError: Sendable, Equatable {
    /// Binance's error code (`-1022`).
    public var code: Int
    /// The exchange's `msg`.
    public var message: String
    /// A 429's `data.retryAfter` (epoch ms), when given.
    public var retryAfter: Int64?

    /// An error answer's fields.
    public init(code: Int, message: String, retryAfter: Int64? = nil) {
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    /// The error as a gateway error (the WebSocket API's `retryAfter` is already an epoch-ms time).
    public func gatewayError(status: Int, nowMs: Int64) -> GatewayError {
        var error = GatewayError.classify(httpStatus: status, code: code, message: message, headers: [:], nowMs: nowMs)
        if let retryAfter {
            switch error.kind {
            case .rateLimited: error.kind = .rateLimited(until: retryAfter)
            case .banned: error.kind = .banned(until: retryAfter)
            default: break
            }
        }
        return error
    }
}

extension BinanceJSON {
    /// Reads one WebSocket API text frame.
    public static func webSocketFrame(_ bytes: [UInt8]) throws(GatewayError) -> WebSocketAPIFrame {
        let fields = try JSONFields(bytes: bytes, context: "WebSocket frame")
        if fields.has("event") { return .event(try userEvent(fields.object("event"))) }
        let id = fields.object["id"].map { "\($0)" } ?? ""
        let status = Int(try fields.int64("status"))
        guard fields.has("error") else { return .answer(id: id, status: status, error: nil) }
        let error = try fields.object("error")
        var retryAfter: Int64?
        if error.has("data") { retryAfter = try error.object("data").optionalInt64("retryAfter") }
        let apiError = WebSocketAPIError(code: Int(try error.int64("code")), message: try error.optionalString("msg") ?? "", retryAfter: retryAfter)
        return .answer(id: id, status: status, error: apiError)
    }
}
