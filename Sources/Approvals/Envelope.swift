public import Foundation
import Crypto

/// A DSSE envelope: payload type, base64 payload, and signatures over the DSSE pre-authentication
/// encoding `PAE(type, payload)`, so a signature cannot be moved to another payload type.
///
/// ```json
/// {"payload":"eyJ…","payloadType":"application/vnd.spark.statement+json","signatures":[{"keyid":"…","sig":"…"}]}
/// ```
public struct Envelope: Sendable, Equatable {
    public static let statementType = "application/vnd.spark.statement+json"

    public struct Signature: Sendable, Equatable {
        public var keyID: String
        public var signature: Data

        public init(keyID: String, signature: Data) {
            self.keyID = keyID
            self.signature = signature
        }
    }

    public var payloadType: String
    public var payload: Data
    public var signatures: [Signature]

    /// An envelope as read or written; ``sign(_:with:)`` is how spark makes one.
    public init(payloadType: String, payload: Data, signatures: [Signature]) {
        self.payloadType = payloadType
        self.payload = payload
        self.signatures = signatures
    }

    /// Signs `statement`'s canonical bytes with `key`.
    public static func sign(_ statement: Statement, with key: SigningKey) throws(ApprovalError) -> Envelope {
        let payload = statement.canonical
        let signature = try key.sign(pae(type: statementType, payload: payload))
        return Envelope(payloadType: statementType, payload: payload, signatures: [Signature(keyID: key.id, signature: signature)])
    }

    /// DSSE v1 pre-authentication encoding: `"DSSEv1" SP len(type) SP type SP len(body) SP body`.
    public static func pae(type: String, payload: Data) -> Data {
        var data = Data("DSSEv1 \(type.utf8.count) \(type) \(payload.count) ".utf8)
        data.append(payload)
        return data
    }

    /// Whether `signature` is a valid Ed25519 signature by `publicKey` over this envelope's PAE.
    public func verifies(_ signature: Signature, publicKey: Data) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(signature.signature, for: Self.pae(type: payloadType, payload: payload))
    }

    /// The envelope as one line of canonical JSON.
    public var json: String {
        CanonicalJSON.object([
            "payloadType": .string(payloadType), "payload": .string(payload.base64EncodedString()),
            "signatures": .array(signatures.map { .object(["keyid": .string($0.keyID), "sig": .string($0.signature.base64EncodedString())]) }),
        ]).text + "\n"
    }

    /// Reads an envelope file; nil when it is not one.
    public static func parse(_ data: Data) -> Envelope? {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let type = object["payloadType"] as? String, let payload = (object["payload"] as? String).flatMap({ Data(base64Encoded: $0) }),
              let list = object["signatures"] as? [[String: Any]]
        else { return nil }
        var signatures: [Signature] = []
        for item in list {
            guard let id = item["keyid"] as? String, let signature = (item["sig"] as? String).flatMap({ Data(base64Encoded: $0) }) else { return nil }
            signatures.append(Signature(keyID: id, signature: signature))
        }
        return Envelope(payloadType: type, payload: payload, signatures: signatures)
    }
}
