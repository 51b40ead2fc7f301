public import Foundation
public import Approvals
import Audit
import Crypto

/// Checks signed control requests: a registered, unrevoked key of the project, a timestamp within
/// the skew, a nonce never seen, a valid Ed25519 signature, and a role the action needs. Every
/// decision, accepted or refused, goes to the project's runtime log.
public struct ControlGate: Sendable {
    let keysPath: String
    let logs: GovernanceLogs
    let database: ServeDatabase
    let skewMs: Int64
    let now: @Sendable () -> Date
    let metrics: [ServiceMetrics]

    public init(keysPath: String, logs: GovernanceLogs, database: ServeDatabase, skewSeconds: Int, metrics: [ServiceMetrics], now: @escaping @Sendable () -> Date) {
        self.keysPath = keysPath
        self.logs = logs
        self.database = database
        self.skewMs = Int64(skewSeconds) * 1000
        self.metrics = metrics
        self.now = now
    }

    /// The caller when the request may do `action`; a refusal (audited and counted) otherwise.
    public func admit(_ action: ControlAction, method: String, path: String, headers: [String: String], body: Data) -> Result<ControlCaller, ControlRefusal> {
        let result = check(action, method: method, path: path, headers: headers, body: body)
        let outcome: String
        let details: [String: String]
        let actor: String
        switch result {
        case .success(let caller):
            (outcome, actor, details) = ("accepted", caller.owner, ["key": caller.keyID, "path": path])
        case .failure(let refusal):
            (outcome, actor, details) = (refusal.code, headers[ControlMessage.keyHeader].map { String($0.prefix(16)) } ?? "anonymous", ["reason": refusal.message, "path": path])
        }
        metrics.forEach { $0.counter(.controlRequests, ["action": action.rawValue, "outcome": outcome]).increment() }
        _ = try? logs.runtimeLogForOperator().append(
            kind: outcome == "accepted" ? "control.accepted" : "control.refused", actor: actor, subject: action.rawValue, details: details, at: now()
        )
        return result
    }

    private func check(_ action: ControlAction, method: String, path: String, headers: [String: String], body: Data) -> Result<ControlCaller, ControlRefusal> {
        guard let keyID = headers[ControlMessage.keyHeader], let stamp = headers[ControlMessage.timestampHeader],
            let nonce = headers[ControlMessage.nonceHeader], let signature = headers[ControlMessage.signatureHeader]
        else {
            return .failure(ControlRefusal(401, "unsigned", "a state-changing request must be signed", hint: "use the spark CLI with --server URL: it signs with your key (spark keys new)"))
        }
        let ring: KeyRing
        do {
            ring = try KeyRing.load(path: keysPath)
        } catch {
            return .failure(ControlRefusal(503, "invalid", "the project's keys.yaml does not load: \(error.message)"))
        }
        let time = now()
        guard let key = ring.key(id: keyID), !key.isRevoked(at: time) else {
            return .failure(ControlRefusal(401, "unknown_key", "key \(keyID.prefix(16)) is not a registered, unrevoked key of this project", hint: "register it with spark keys new, or sign with another key"))
        }
        guard let timestamp = Int64(stamp) else {
            return .failure(ControlRefusal(400, "invalid", "\(ControlMessage.timestampHeader) must be milliseconds since 1970"))
        }
        let nowMs = Int64((time.timeIntervalSince1970 * 1000).rounded())
        guard abs(nowMs - timestamp) <= skewMs else {
            return .failure(ControlRefusal(401, "stale", "the request was signed \((nowMs - timestamp) / 1000) s from the server's clock; at most \(skewMs / 1000) s are allowed", hint: "sync this machine's clock and send a new request"))
        }
        guard ControlMessage.isNonce(nonce) else {
            return .failure(ControlRefusal(400, "invalid", "\(ControlMessage.nonceHeader) must be 16 to 64 letters, digits, '-' or '_'"))
        }
        let message = ControlMessage.canonical(method: method, path: path, timestampMs: timestamp, nonce: nonce, body: body)
        guard let raw = Data(base64Encoded: signature), let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: key.publicKey),
            publicKey.isValidSignature(raw, for: message)
        else {
            return .failure(ControlRefusal(401, "bad_signature", "the signature does not verify for this method, path, body and time", hint: "sign the exact request you send"))
        }
        do {
            guard try database.claimNonce(nonce, keyID: key.id, nowMs: nowMs, keepMs: 2 * skewMs + 60_000) else {
                return .failure(ControlRefusal(409, "replayed", "nonce \(nonce) was used before: a replayed request is refused"))
            }
        } catch {
            return .failure(ControlRefusal(503, "invalid", "cannot record the nonce: \(error.message)"))
        }
        if let roles = action.roles, roles.isDisjoint(with: key.roles) {
            return .failure(ControlRefusal(403, "forbidden", "\(action.rawValue) needs a key with role \(roles.sorted().joined(separator: " or ")); key \(key.id) of \(key.owner) has \(key.roles.joined(separator: ", "))"))
        }
        return .success(ControlCaller(keyID: key.id, owner: key.owner, roles: key.roles))
    }
}
