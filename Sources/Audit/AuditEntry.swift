import SparkCore
import Foundation
import Crypto

/// One record of the audit log, chained to the one before it by ``previousHash``.
public struct AuditEntry: Sendable, Equatable {
    /// The hash the first entry chains to.
    public static let genesis = String(repeating: "0", count: 64)

    /// The entry format this build writes and reads: `"v":2` leads every line.
    public static let version = 2

    /// 1-based position in the log.
    public var sequence: Int
    /// UTC time, millisecond precision, as the caller supplied it.
    public var time: String
    /// What happened, e.g. `proposal`, `approval`, `revocation`, `promotion`, `gate.refused`, `breaker.trip`.
    public var kind: String
    /// Who did it (a key owner, a user name, or `system`).
    public var actor: String
    /// What it concerns (a proposal id, a key id, a strategy).
    public var subject: String
    public var details: [String: String]
    public var previousHash: String
    /// SHA-256 (hex) of ``body``.
    public var hash: String

    /// The line without its hash: the exact bytes the hash covers, fields in a fixed order, details sorted.
    public var body: String {
        let detailText = details.keys.sorted().map { "\(Self.quote($0)):\(Self.quote(details[$0]!))" }.joined(separator: ",")
        return "{\"v\":\(Self.version),\"seq\":\(sequence),\"time\":\(Self.quote(time)),\"kind\":\(Self.quote(kind)),\"actor\":\(Self.quote(actor))," +
            "\"subject\":\(Self.quote(subject)),\"details\":{\(detailText)},\"prev\":\(Self.quote(previousHash))"
    }

    /// The line as stored in the log.
    public var line: String { body + ",\"hash\":\(Self.quote(hash))}" }

    static func digest(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func quote(_ text: String) -> String { JSONText.quote(text) }

    /// The version a stored line declares (1 for lines from before versions were written); nil when unreadable.
    static func declaredVersion(_ line: String) -> Int? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
        return object["v"] as? Int ?? (object["seq"] != nil ? 1 : nil)
    }

    /// Reads a stored line back; nil when it is not an entry this log writes.
    static func parse(_ line: String) -> AuditEntry? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              object["v"] as? Int == version, let sequence = object["seq"] as? Int, let time = object["time"] as? String, let kind = object["kind"] as? String,
              let actor = object["actor"] as? String, let subject = object["subject"] as? String,
              let details = object["details"] as? [String: String], let previous = object["prev"] as? String,
              let hash = object["hash"] as? String
        else { return nil }
        return AuditEntry(sequence: sequence, time: time, kind: kind, actor: actor, subject: subject, details: details, previousHash: previous, hash: hash)
    }
}
