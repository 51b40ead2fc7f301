/// A fetch that cannot go on: what happened, at which request, and what to do.
public struct FetchError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// A flag is wrong (dates in the wrong order, a bad URL, an unknown interval).
        case flag
        /// Binance refused the request (HTTP 4xx): an unknown symbol, for instance.
        case rejected
        /// HTTP 418: this IP is banned for a while after ignoring 429s.
        case banned
        /// Rate limited (429) more times in a row than the retry budget allows.
        case rateLimited = "rate_limited"
        /// Server errors (5xx), timeouts or dropped connections more times in a row than allowed.
        case transport
        /// The response is not the kline JSON Binance documents.
        case malformed
    }

    public var code: Code
    public var message: String
    /// The request that failed, when there was one.
    public var url: String?
    public var hint: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, url: String? = nil, hint: String? = nil) {
        self.code = code
        self.message = message
        self.url = url
        self.hint = hint
    }

    public var description: String {
        var text = "error: \(message)"
        if let url { text += "\n  request: GET \(url)" }
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}
