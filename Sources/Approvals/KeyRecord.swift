public import Foundation

/// A public key in `approvals/keys.yaml`: who owns it, which roles it carries, and whether it was revoked.
public struct KeyRecord: Sendable, Equatable {
    /// First 16 hex digits of the SHA-256 of the raw public key.
    public var id: String
    /// The person; two keys with the same owner count as one approver.
    public var owner: String
    public var roles: [String]
    /// Raw 32-byte Ed25519 public key.
    public var publicKey: Data
    public var created: Date
    /// From this time on the key's signatures are refused, whenever they claim to have been made.
    public var revoked: Date?
    public var revokedReason: String?

    public init(owner: String, roles: [String], publicKey: Data, created: Date) {
        self.id = Self.id(for: publicKey)
        self.owner = owner
        self.roles = roles
        self.publicKey = publicKey
        self.created = created
    }

    public static func id(for publicKey: Data) -> String {
        String(CanonicalJSON.sha256Hex(publicKey).prefix(16))
    }

    /// Whether the key is revoked at `time`.
    public func isRevoked(at time: Date) -> Bool {
        revoked.map { $0 <= time } ?? false
    }
}
