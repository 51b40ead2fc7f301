public import Foundation

extension AuditLog {
    /// The entry kind that records a join of two histories; its details name both heads it joined.
    public static let mergeKind = "log.merge"

    /// Joins `theirs` (the same log as another clone appended to it) onto this one and returns the
    /// result without writing it.
    ///
    /// Both chains must verify. The entries both share are kept; this log's own entries keep their
    /// hashes, so this clone's anchor still holds; the other clone's entries follow, re-chained with
    /// their content unchanged, then one `log.merge` entry naming both heads, which is what lets the
    /// other clone's anchor accept the joined log.
    public func merged(with theirs: AuditLog, actor: String, at time: Date) throws(AuditError) -> [AuditEntry] {
        let ours = try verify()
        let other = try theirs.verify(requireHead: false)
        var shared = 0
        while shared < ours.count, shared < other.count, ours[shared].hash == other[shared].hash { shared += 1 }
        guard shared < other.count else {
            throw AuditError(.invalidInput, "\(theirs.path) adds nothing: every entry of it is already in \(path)", file: theirs.path)
        }
        var result = ours
        for entry in other[shared...] {
            result.append(Self.chained(after: result.last, time: entry.time, kind: entry.kind, actor: entry.actor, subject: entry.subject, details: entry.details))
        }
        let heads = ["ours_head": ours.last.map { "\($0.sequence) \($0.hash)" } ?? "0 \(AuditEntry.genesis)", "theirs_head": "\(other.last!.sequence) \(other.last!.hash)", "shared": "\(shared)"]
        result.append(Self.chained(after: result.last, time: Self.timestamp(time), kind: Self.mergeKind, actor: actor, subject: "audit.log", details: heads))
        return result
    }

    /// Replaces the log and its head with `entries` (from ``merged(with:actor:at:)``), each file by rename.
    public func replace(with entries: [AuditEntry]) throws(AuditError) {
        let text = entries.map { $0.line + "\n" }.joined()
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            let head = entries.last.map { "\($0.sequence) \($0.hash)\n" } ?? ""
            try Data(head.utf8).write(to: URL(fileURLWithPath: headPath), options: .atomic)
        } catch {
            throw AuditError(.unwritable, "cannot write the joined log", file: path)
        }
    }

    static func chained(after last: AuditEntry?, time: String, kind: String, actor: String, subject: String, details: [String: String]) -> AuditEntry {
        var entry = AuditEntry(
            sequence: (last?.sequence ?? 0) + 1, time: time, kind: kind, actor: actor, subject: subject,
            details: details, previousHash: last?.hash ?? AuditEntry.genesis, hash: ""
        )
        entry.hash = AuditEntry.digest(entry.body)
        return entry
    }
}
