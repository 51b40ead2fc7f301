import Crypto
import Foundation

/// Signature checks of signed requests (HMAC-SHA256 hex, Ed25519 base64).
enum FakeSignature {
    /// Whether `signature` signs `payload` under `credential`.
    static func verify(_ credential: FakeCredential, payload: String, signature: String) -> Bool {
        switch credential {
        case .hmac(let secret):
            return hmacHex(secret: secret, payload: payload) == signature.lowercased()
        case .ed25519(let publicKey):
            guard let raw = Data(base64Encoded: signature) else { return false }
            return publicKey.isValidSignature(raw, for: Data(payload.utf8))
        }
    }

    /// Lowercase hex HMAC-SHA256 of the payload.
    static func hmacHex(secret: String, payload: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Splits a raw query string into the signed payload and the percent-decoded parameters.
    static func split(_ raw: String) -> (payload: String, params: [String: String]) {
        var params: [String: String] = [:]
        for pair in raw.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            params[key] = value
        }
        let payload: String
        if let range = raw.range(of: "&signature=") {
            payload = String(raw[..<range.lowerBound])
        } else if raw.hasPrefix("signature=") {
            payload = ""
        } else {
            payload = raw
        }
        return (payload, params)
    }
}
