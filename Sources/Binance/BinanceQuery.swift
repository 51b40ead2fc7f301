/// Binance's query strings: each value percent-encoded (RFC 3986 unreserved characters kept),
/// parameters in the order given, `timestamp` and `recvWindow` before `signature`, `signature` last.
public enum BinanceQuery {
    /// Percent-encodes `text` as Binance signs it: everything but `A-Z a-z 0-9 - _ . ~` becomes `%XX` (UTF-8, upper-case hex).
    public static func percentEncode(_ text: String) -> String {
        guard text.utf8.contains(where: { !isUnreserved($0) }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 3)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigit(byte >> 4))
                out.append(hexDigit(byte & 0x0F))
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `k1=v1&k2=v2…` with every key and value percent-encoded, in the order given.
    public static func build(_ parameters: [(String, String)]) -> String {
        parameters.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&")
    }

    /// The payload to sign: `parameters`, then `recvWindow` and `timestamp`.
    public static func payload(_ parameters: [(String, String)], timestamp: Int64, recvWindow: Int) -> String {
        build(parameters + [("recvWindow", String(recvWindow)), ("timestamp", String(timestamp))])
    }

    /// The query string as sent: the payload, then `&signature=` and the percent-encoded signature.
    public static func signed(_ parameters: [(String, String)], timestamp: Int64, recvWindow: Int, signer: RequestSigner) -> String {
        let body = payload(parameters, timestamp: timestamp, recvWindow: recvWindow)
        return body + "&signature=" + percentEncode(signer.signature(of: body))
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"): true
        default: false
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10
    }
}
