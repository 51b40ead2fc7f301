/// A Binance error answer: code, message and HTTP status.
public struct FakeAPIError: Error, Sendable, Equatable {
    /// Binance error code, e.g. -2010.
    public var code: Int
    /// Binance's message.
    public var msg: String
    /// HTTP status it is sent with.
    public var httpStatus: Int
    /// Seconds for a Retry-After header (429 / 418).
    public var retryAfterSeconds: Int?

    /// Creates an error answer.
    public init(code: Int, msg: String, httpStatus: Int = 400, retryAfterSeconds: Int? = nil) {
        self.code = code
        self.msg = msg
        self.httpStatus = httpStatus
        self.retryAfterSeconds = retryAfterSeconds
    }

    static func filter(_ name: String) -> FakeAPIError { FakeAPIError(code: -1013, msg: "Filter failure: \(name)") }
    static let insufficientBalance = FakeAPIError(code: -2010, msg: "Account has insufficient balance for requested action.")
    static let wouldTake = FakeAPIError(code: -2010, msg: "Order would immediately match and take.")
    static let marketClosed = FakeAPIError(code: -1013, msg: "Market is closed.")
    static let unknownOrderCancel = FakeAPIError(code: -2011, msg: "Unknown order sent.")
    static let orderMissing = FakeAPIError(code: -2013, msg: "Order does not exist.")
    static let badKey = FakeAPIError(code: -2015, msg: "Invalid API-key, IP, or permissions for action.", httpStatus: 401)
    static let badSignature = FakeAPIError(code: -1022, msg: "Signature for this request is not valid.")
    static let timestampOutside = FakeAPIError(code: -1021, msg: "Timestamp for this request is outside of the recvWindow.")
    static let timestampAhead = FakeAPIError(code: -1021, msg: "Timestamp for this request was 1000ms ahead of the server's time.")
    static func mandatory(_ name: String) -> FakeAPIError {
        FakeAPIError(code: -1102, msg: "Mandatory parameter '\(name)' was not sent, was empty/null, or malformed.")
    }
    static func badValue(_ name: String) -> FakeAPIError { FakeAPIError(code: -1100, msg: "Illegal characters found in parameter '\(name)'.") }
    static let unknownSymbol = FakeAPIError(code: -1121, msg: "Invalid symbol.")

    /// The error with the HTTP status Binance uses for its code.
    static func forCode(_ code: Int) -> FakeAPIError {
        switch code {
        case -1006: return FakeAPIError(code: code, msg: "An unexpected response was received from the message bus. Execution status unknown.", httpStatus: 503)
        case -1007: return FakeAPIError(code: code, msg: "Timeout waiting for response from backend server. Send status unknown; execution status unknown.", httpStatus: 503)
        case -1021: return .timestampOutside
        case -1022: return .badSignature
        case -2010: return .insufficientBalance
        case -2011: return .unknownOrderCancel
        case -2013: return .orderMissing
        case -2015: return .badKey
        default: return FakeAPIError(code: code, msg: "Error \(code).", httpStatus: code <= -1000 && code > -1100 ? 500 : 400)
        }
    }
}
