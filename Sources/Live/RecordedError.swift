public import Binance

/// A ``Binance/GatewayError`` as the journal keeps it, so a replay sees the same failure.
public struct RecordedError: Sendable, Equatable, Codable {
    /// The failure kind as a word: unknown_outcome, rejected, unknown_order, rate_limited, banned,
    /// clock_skew, signature, unreachable, malformed.
    public var kind: String
    public var code: Int?
    public var message: String
    public var httpStatus: Int?
    /// The end of a rate-limit or ban window (epoch ms).
    public var until: Int64?

    public init(_ error: GatewayError) {
        code = error.code
        message = error.message
        httpStatus = error.httpStatus
        switch error.kind {
        case .unknownOutcome: kind = "unknown_outcome"
        case .rejected: kind = "rejected"
        case .unknownOrder: kind = "unknown_order"
        case .rateLimited(let end): (kind, until) = ("rate_limited", end)
        case .banned(let end): (kind, until) = ("banned", end)
        case .clockSkew: kind = "clock_skew"
        case .signature: kind = "signature"
        case .unreachable: kind = "unreachable"
        case .malformed: kind = "malformed"
        }
    }

    /// The error back as the gateway threw it.
    public var error: GatewayError {
        let kind: GatewayError.Kind = switch self.kind {
        case "rejected": .rejected
        case "unknown_order": .unknownOrder
        case "rate_limited": .rateLimited(until: until ?? 0)
        case "banned": .banned(until: until ?? 0)
        case "clock_skew": .clockSkew
        case "signature": .signature
        case "unreachable": .unreachable
        case "malformed": .malformed
        default: .unknownOutcome
        }
        return GatewayError(kind, code: code, message: message, httpStatus: httpStatus)
    }
}
