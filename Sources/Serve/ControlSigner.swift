public import Foundation
public import Approvals

/// Signs control requests with a local key: the client side of `spark … --server URL`.
public struct ControlSigner: Sendable {
    public let key: SigningKey

    public init(key: SigningKey) {
        self.key = key
    }

    /// The four headers of a signed request for `method path` with `body`, stamped `now`.
    public func headers(method: String, path: String, body: Data, now: Date, nonce: String = UUID().uuidString) throws(ApprovalError) -> [String: String] {
        let timestamp = Int64((now.timeIntervalSince1970 * 1000).rounded())
        let message = ControlMessage.canonical(method: method, path: path, timestampMs: timestamp, nonce: nonce, body: body)
        return [
            ControlMessage.keyHeader: key.id,
            ControlMessage.timestampHeader: String(timestamp),
            ControlMessage.nonceHeader: nonce,
            ControlMessage.signatureHeader: try key.signature(forControl: message).base64EncodedString(),
        ]
    }
}
