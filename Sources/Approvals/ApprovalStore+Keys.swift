public import Foundation

extension ApprovalStore {
    /// Makes a key pair: the private key goes to `keyDirectory` (mode 0600), the public key, owner
    /// and roles to keys.yaml. Returns the record and the private key's path.
    public func createKey(owner: String, roles: [String], keyDirectory: String, now: Date) throws(ApprovalError) -> (record: KeyRecord, privateKeyPath: String) {
        guard Grammar.isName(owner) else {
            throw ApprovalError(.flag, "--name '\(owner)' must be a lower-case name such as alice (letters, digits, . _ -)")
        }
        guard !roles.isEmpty else {
            throw ApprovalError(.flag, "give at least one --role, e.g. --role quant or --role risk")
        }
        for role in roles where !Grammar.isName(role) {
            throw ApprovalError(.flag, "--role '\(role)' must be a lower-case name such as risk")
        }
        var ring = try keys()
        let key = SigningKey(owner: owner)
        let path = try key.save(in: keyDirectory)
        ring.keys.append(KeyRecord(owner: owner, roles: roles, publicKey: key.publicKey, created: now))
        do {
            try ring.save(path: keysPath)
        } catch {
            // Nothing half-done: a private key whose public half is not listed is useless, so it goes.
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        try audit("key.added", actor: owner, subject: key.id, details: ["roles": roles.joined(separator: ","), "owner": owner, "public_key": key.publicKey.base64EncodedString()], now: now)
        return (ring.key(id: key.id)!, path)
    }

    /// Revokes a key from `now` on: its signatures stop counting, whenever they were made.
    @discardableResult
    public func revokeKey(_ id: String, reason: String, actor: String, now: Date) throws(ApprovalError) -> KeyRecord {
        var ring = try keys()
        let matches = ring.keys.indices.filter { ring.keys[$0].id.hasPrefix(id) }
        guard matches.count == 1, !id.isEmpty else {
            throw ApprovalError(.flag, matches.isEmpty ? "no key '\(id)' in \(keysPath)" : "'\(id)' matches \(matches.count) keys", hint: "give the key id as spark keys list shows it")
        }
        let index = matches[0]
        guard ring.keys[index].revoked == nil else {
            throw ApprovalError(.state, "key \(ring.keys[index].id) is already revoked (at \(ApprovalTime.format(ring.keys[index].revoked!)))")
        }
        ring.keys[index].revoked = now
        ring.keys[index].revokedReason = reason
        try ring.save(path: keysPath)
        try audit("revocation", actor: actor, subject: ring.keys[index].id, details: ["owner": ring.keys[index].owner, "reason": reason], now: now)
        return ring.keys[index]
    }
}
