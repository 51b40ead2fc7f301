public import Foundation
import Crypto

/// The bytes a control request's signature covers, and the headers that carry it.
///
/// `spark-control v1`, the method, the path with its query, the timestamp (ms), the nonce and the
/// SHA-256 of the body, one per line: a signature cannot be moved to another route, another body or
/// another time, and the nonce makes each request usable once.
public enum ControlMessage {
    public static let keyHeader = "spark-key"
    public static let timestampHeader = "spark-timestamp"
    public static let nonceHeader = "spark-nonce"
    public static let signatureHeader = "spark-signature"

    /// The canonical bytes to sign.
    public static func canonical(method: String, path: String, timestampMs: Int64, nonce: String, body: Data) -> Data {
        let digest = SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
        return Data("spark-control v1\n\(method.uppercased())\n\(path)\n\(timestampMs)\n\(nonce)\n\(digest)".utf8)
    }

    /// Whether a nonce is 16 to 64 characters of letters, digits, '-' or '_'.
    public static func isNonce(_ text: String) -> Bool {
        (16...64).contains(text.count) && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
