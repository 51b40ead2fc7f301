public import Crypto
import Foundation

/// How an account signs its requests.
public enum FakeCredential: Sendable {
    /// HMAC-SHA256 with this secret; signatures are lowercase hex.
    case hmac(secret: String)
    /// Ed25519 with this public key; signatures are base64.
    case ed25519(publicKey: Curve25519.Signing.PublicKey)
}

extension FakeCredential {
    /// An Ed25519 credential from a PEM public key ("-----BEGIN PUBLIC KEY-----", SubjectPublicKeyInfo).
    public static func ed25519(pem: String) throws -> FakeCredential {
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let der = Data(base64Encoded: body), der.count >= 32 else {
            throw FakeServerError(code: "pem", message: "not an Ed25519 public key in PEM form", location: "FakeCredential.ed25519(pem:)")
        }
        return .ed25519(publicKey: try Curve25519.Signing.PublicKey(rawRepresentation: der.suffix(32)))
    }
}
