import Crypto
import Foundation
import SparkCore

/// Signs Binance payloads: lowercase hex HMAC-SHA256 for HMAC keys, base64 Ed25519 for Ed25519 keys.
///
/// Holds the secret; its description never shows it.
public struct RequestSigner: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The kind of key.
    public enum Method: String, Sendable { case hmacSHA256 = "HMAC-SHA256", ed25519 = "Ed25519" }

    private enum Key: @unchecked Sendable {
        case hmac(SymmetricKey)
        case ed25519(Curve25519.Signing.PrivateKey)
    }

    private let key: Key

    /// An HMAC-SHA256 signer with the secret as text (its UTF-8 bytes are the key).
    public init(hmacSecret: String) {
        key = .hmac(SymmetricKey(data: Array(hmacSecret.utf8)))
    }

    /// An Ed25519 signer from the 32-byte raw private key.
    public init(ed25519RawKey: [UInt8]) throws(CredentialsError) {
        do {
            key = .ed25519(try Curve25519.Signing.PrivateKey(rawRepresentation: ed25519RawKey))
        } catch {
            throw CredentialsError(.badKey, "an Ed25519 private key is 32 bytes; this one is \(ed25519RawKey.count)", where: "Ed25519 key")
        }
    }

    /// An Ed25519 signer from a PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), as `openssl genpkey -algorithm ed25519` writes it.
    public init(ed25519PEM pem: String, source: String) throws(CredentialsError) {
        let body = pem.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("-----") }.joined()
        // PKCS#8 for Ed25519 is a fixed 16-byte header (version, OID 1.3.101.112, octet string) and the 32-byte key.
        let header: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
        guard pem.contains("-----BEGIN PRIVATE KEY-----"), let der = Data(base64Encoded: body).map(Array.init),
              der.count == 48, Array(der.prefix(16)) == header else {
            throw CredentialsError(
                .badKey, "not an Ed25519 private key in PKCS#8 PEM form", where: source,
                hint: "make one with `openssl genpkey -algorithm ed25519 -out FILE`")
        }
        try self.init(ed25519RawKey: Array(der.suffix(32)))
    }

    /// HMAC-SHA256 or Ed25519.
    public var method: Method {
        switch key {
        case .hmac: .hmacSHA256
        case .ed25519: .ed25519
        }
    }

    /// The signature of `payload`: lowercase hex (HMAC) or base64 (Ed25519), not yet percent-encoded.
    public func signature(of payload: String) -> String {
        switch key {
        case .hmac(let secret):
            let mac = HMAC<SHA256>.authenticationCode(for: Array(payload.utf8), using: secret)
            return Hex.lowercase(mac)
        case .ed25519(let privateKey):
            // Ed25519 signing only fails on a broken key, which the initializers rule out.
            let signature = (try? privateKey.signature(for: Array(payload.utf8))) ?? Data()
            return signature.base64EncodedString()
        }
    }

    /// The Ed25519 public key (base64 of 32 raw bytes), nil for HMAC: what Binance registers for the API key.
    public var ed25519PublicKeyBase64: String? {
        if case .ed25519(let privateKey) = key { return privateKey.publicKey.rawRepresentation.base64EncodedString() }
        return nil
    }

    public var description: String { "RequestSigner(\(method.rawValue), secret hidden)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["method": method.rawValue, "secret": "hidden"]) }
}
