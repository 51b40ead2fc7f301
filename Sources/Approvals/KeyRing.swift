import Foundation
import SparkCore
import SparkConfig
internal import Yams

/// `approvals/keys.yaml`: the public keys that may sign, their owners and roles. The root of trust,
/// so it is reviewed like code; `spark keys new` and `spark keys revoke` are the only writers.
public struct KeyRing: Sendable, Equatable {
    public var keys: [KeyRecord]
    /// Ids of keys that keys.yaml lists but the tracked audit log never saw added (hand-added keys).
    public var unrecorded: Set<String> = []

    public init(keys: [KeyRecord] = []) {
        self.keys = keys
    }

    public func key(id: String) -> KeyRecord? { keys.first { $0.id == id } }

    /// Reads the file; a missing file is an empty ring.
    public static func load(path: String) throws(ApprovalError) -> KeyRing {
        guard FileManager.default.fileExists(atPath: path) else { return KeyRing() }
        let document = try YAMLFile(path: path)
        let top = try document.fields(document.root, allowed: ["keys"], what: "keys.yaml")
        guard let list = top["keys"] else { return KeyRing() }
        guard let items = list.sequence else {
            throw document.error(.schema, "keys must be a list of { id, owner, roles, public_key, created } entries", at: list)
        }
        var ring = KeyRing()
        for item in items {
            let fields = try document.fields(item, allowed: ["id", "owner", "roles", "public_key", "created", "revoked", "revoked_reason"], what: "a key")
            let owner = try document.text(fields["owner"], what: "owner", in: item)
            guard Grammar.isName(owner) else {
                throw document.error(.value, "owner \(DisplayText.quoted(owner)) must be a lower-case name such as alice", at: fields["owner"]!)
            }
            let roles = try document.list(fields["roles"], what: "roles")
            if let bad = roles.first(where: { !Grammar.isName($0) }) {
                throw document.error(.value, "role \(DisplayText.quoted(bad)) must be a lower-case name such as risk", at: fields["roles"]!)
            }
            let encoded = try document.text(fields["public_key"], what: "public_key", in: item)
            guard let publicKey = Data(base64Encoded: encoded), publicKey.count == 32 else {
                throw document.error(.value, "public_key must be a base64 Ed25519 public key (32 bytes)", at: fields["public_key"]!)
            }
            if let problem = PublicKeyCheck.problem(publicKey) {
                throw document.error(.key, "public_key of \(DisplayText.quoted(owner)) is \(problem); refusing keys.yaml", at: fields["public_key"]!, hint: "remove this key: only keys made by spark keys new can sign")
            }
            if let twin = ring.keys.first(where: { $0.publicKey == publicKey }) {
                throw document.error(.key, "public_key is listed twice (already as key \(twin.id) of \(twin.owner))", at: fields["public_key"]!, hint: "each key appears once; remove the duplicate")
            }
            let id = try document.text(fields["id"], what: "id", in: item)
            guard id == KeyRecord.id(for: publicKey) else {
                throw document.error(.value, "id \(id) does not match its public key (expected \(KeyRecord.id(for: publicKey)))", at: fields["id"]!, hint: "ids are derived from the key; do not edit them by hand")
            }
            guard ring.key(id: id) == nil else {
                throw document.error(.value, "key \(id) is listed twice", at: fields["id"]!)
            }
            let createdText = try document.text(fields["created"], what: "created", in: item)
            guard let created = ApprovalTime.parse(createdText) else {
                throw document.error(.value, "created '\(createdText)' must be an ISO 8601 time", at: fields["created"]!)
            }
            var record = KeyRecord(owner: owner, roles: roles, publicKey: publicKey, created: created)
            if let node = fields["revoked"] {
                let text = try document.text(node, what: "revoked", in: item)
                guard let time = ApprovalTime.parse(text) else {
                    throw document.error(.value, "revoked '\(text)' must be an ISO 8601 time", at: node)
                }
                record.revoked = time
                record.revokedReason = try fields["revoked_reason"].map { node throws(ApprovalError) in try document.text(node, what: "revoked_reason", in: item) }
            }
            ring.keys.append(record)
        }
        return ring
    }

    /// The file's text: stable field order, one key per block, so a change reads well in a diff.
    public var yaml: String {
        var text = """
        # Public keys allowed to sign Spark proposals and approvals: owner (a person), roles, key.
        # Written by `spark keys new` and `spark keys revoke`. This file is the root of trust:
        # review every change to it like code.
        keys:

        """
        for key in keys {
            text += "  - id: \(key.id)\n"
            text += "    owner: \(key.owner)\n"
            text += "    roles: [\(key.roles.joined(separator: ", "))]\n"
            text += "    public_key: \(key.publicKey.base64EncodedString())\n"
            text += "    created: \(ApprovalTime.format(key.created))\n"
            if let revoked = key.revoked {
                text += "    revoked: \(ApprovalTime.format(revoked))\n"
                if let reason = key.revokedReason { text += "    revoked_reason: \(CanonicalJSON.quote(reason))\n" }
            }
        }
        return text
    }

    /// Writes the file atomically (a crash leaves the old or the new file, never half of one).
    public func save(path: String) throws(ApprovalError) {
        try FileWriting.atomic(yaml, to: path)
    }
}
