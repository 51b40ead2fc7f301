extension GatewayError {
    /// Without a `Retry-After`, a 429 waits a minute and a 418 two minutes (Binance's shortest ban).
    static let defaultRetryAfterMs: Int64 = 60_000
    static let defaultBanMs: Int64 = 120_000

    /// What a non-2xx Binance answer means for the request (LIVE.md): 5xx, `-1006`, `-1007` unknown
    /// outcome; `-1021` clock skew; `-1022` signature; `-1013`, `-2010` rejected; `-2011`, `-2013`
    /// unknown order; 429 rate limited and 418 banned until `nowMs` + `Retry-After` seconds; other
    /// client errors rejected (not placed).
    public static func classify(httpStatus: Int, code: Int?, message: String, headers: [String: String], nowMs: Int64) -> GatewayError {
        let kind: Kind
        if httpStatus == 418 {
            kind = .banned(until: nowMs + (retryAfterMs(headers) ?? defaultBanMs))
        } else if httpStatus == 429 {
            kind = .rateLimited(until: nowMs + (retryAfterMs(headers) ?? defaultRetryAfterMs))
        } else if httpStatus >= 500 {
            kind = .unknownOutcome
        } else {
            kind = kindFor(code: code)
        }
        return GatewayError(kind, code: code, message: message.isEmpty ? "HTTP \(httpStatus)" : message, httpStatus: httpStatus)
    }

    private static func kindFor(code: Int?) -> Kind {
        switch code {
        case -1006, -1007: .unknownOutcome
        case -1021: .clockSkew
        case -1022: .signature
        case -2011, -2013: .unknownOrder
        default: .rejected
        }
    }

    /// `Retry-After` in milliseconds (the REST header is whole seconds), header name in any case.
    static func retryAfterMs(_ headers: [String: String]) -> Int64? {
        guard let value = headers.first(where: { $0.key.lowercased() == "retry-after" })?.value,
              let seconds = Int64(value.trimmingCharacters(in: .whitespaces)) else { return nil }
        return seconds * 1000
    }
}
