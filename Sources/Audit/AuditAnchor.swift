import Foundation

/// What one host last saw of a log that others also write: the sequence and hash of its head.
///
/// Kept outside the log (in the project's untracked state directory), so whoever rewrites the log
/// in the repository cannot rewrite the anchor too. A log is accepted when it still holds the
/// anchored entry at its place, or when a `log.merge` entry names the anchored entry as a head it
/// joined; then the anchor moves to the new head. It defends against cutting, rewriting or rolling
/// back the log on this host; it cannot help a host that never saw the log before (a fresh clone
/// trusts what it is given), nor when the state directory is deleted with the log.
public struct AuditAnchor: Sendable {
    static let magic = "spark-audit-anchor v1"

    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The anchored `(sequence, hash)`, or nil when this host has none yet.
    public func read() throws(AuditError) -> (sequence: Int, hash: String)? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AuditError(.unreadable, "cannot read the audit anchor", file: path)
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        guard lines.first == Self.magic else {
            throw AuditError(
                .version, "the anchor is not a \(Self.magic) file", file: path, line: 1,
                hint: "it was written by another version of spark; after checking the log by hand (git log -p approvals/audit.log), delete it so the next start anchors the current head"
            )
        }
        let parts = lines.dropFirst().first?.split(separator: " ") ?? []
        guard parts.count == 2, let sequence = Int(parts[0]) else {
            throw AuditError(.malformed, "the anchor must read '<sequence> <hash>' on its second line", file: path, line: 2)
        }
        return (sequence, String(parts[1]))
    }

    /// Checks that `entries` (a verified chain of `log`) extend the anchored entry, then anchors their head.
    public func advance(to entries: [AuditEntry], of log: AuditLog) throws(AuditError) {
        if let anchored = try read() {
            let kept = anchored.sequence == 0 || (anchored.sequence <= entries.count && entries[anchored.sequence - 1].hash == anchored.hash)
            let joined = entries.contains {
                $0.kind == AuditLog.mergeKind && ($0.details["theirs_head"] == "\(anchored.sequence) \(anchored.hash)" || $0.details["ours_head"] == "\(anchored.sequence) \(anchored.hash)")
            }
            guard kept || joined else {
                throw AuditError(
                    .anchor, "the log does not extend entry \(anchored.sequence) (hash \(anchored.hash.prefix(12))) that this host anchored: it was cut, rewritten or rolled back",
                    file: log.path, line: min(anchored.sequence, entries.count + 1),
                    hint: "restore \(log.path) and its head from version control; to join another clone's appends use spark audit merge (anchor: \(path))"
                )
            }
        }
        let head = entries.last.map { "\($0.sequence) \($0.hash)" } ?? "0 \(AuditEntry.genesis)"
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data("\(Self.magic)\n\(head)\n".utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw AuditError(.unwritable, "cannot write the audit anchor", file: path, hint: "check the state directory is writable")
        }
    }
}
