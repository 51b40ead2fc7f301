/// A failed exchange call: whether the request may have taken effect, the exchange's code and message.
public struct GatewayError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What the failure means for the request that caused it.
    public enum Kind: Sendable, Equatable {
        /// Sent, execution status unknown (timeout, HTTP 5xx, `-1006`, `-1007`): query, never resubmit.
        case unknownOutcome
        /// Not placed for sure (a filter or balance reject `-1013` / `-2010`, a bad parameter).
        case rejected
        /// The exchange has no such order (`-2013`) or cancel found nothing to cancel (`-2011`).
        case unknownOrder
        /// HTTP 429: no request before `until` (epoch ms, from `Retry-After`).
        case rateLimited(until: Int64)
        /// HTTP 418: banned until `until` (epoch ms).
        case banned(until: Int64)
        /// `-1021`: the timestamp was outside `recvWindow`; not placed; sync the clock.
        case clockSkew
        /// `-1022`: the signature did not verify; not placed.
        case signature
        /// The connection could not be made (refused, DNS): nothing was sent.
        case unreachable
        /// The answer could not be read (malformed JSON, missing field): outcome unknown for orders.
        case malformed
    }

    public var kind: Kind
    /// Binance's error code (`-2010`), when it sent one.
    public var code: Int?
    /// The exchange's message or the transport's; never a key, a signature or a signed query.
    public var message: String
    /// The HTTP status, when there was an HTTP answer.
    public var httpStatus: Int?

    public init(_ kind: Kind, code: Int? = nil, message: String, httpStatus: Int? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
    }

    /// Whether the request certainly did not take effect (a new decision may try again).
    public var notPlaced: Bool {
        switch kind {
        case .rejected, .rateLimited, .banned, .clockSkew, .signature, .unreachable: true
        case .unknownOutcome, .unknownOrder, .malformed: false
        }
    }

    public var description: String {
        "\(message)\(code.map { " (Binance code \($0))" } ?? "")\(httpStatus.map { " [HTTP \($0)]" } ?? "")"
    }
}
