public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An append-only, hash-chained log of who did what, stored as one JSON object per line.
///
/// Each entry's hash covers its fields and the previous entry's hash, so editing, removing or
/// reordering an entry breaks the chain at that entry. A small head file (`<log>.head`) records the
/// last sequence number and hash, so cutting entries off the end is caught too. Both files are
/// plain text meant to be committed and reviewed.
public struct AuditLog: Sendable {
    public let path: String

    /// The file beside the log that records its last entry.
    public var headPath: String { path + ".head" }

    /// Details added to every entry this value appends, e.g. the tracked log's head a runtime act was
    /// checked against; an entry's own details win on a clash.
    public var context: [String: String]

    public init(path: String, context: [String: String] = [:]) {
        self.path = path
        self.context = context
    }

    /// Appends one entry, chained to the current last entry, and returns it.
    ///
    /// - Parameters:
    ///   - kind: what happened, a short dotted word such as `approval` or `breaker.trip`.
    ///   - time: when; injected so callers (and tests) own the clock.
    @discardableResult
    public func append(kind: String, actor: String, subject: String, details: [String: String] = [:], at time: Date) throws(AuditError) -> AuditEntry {
        guard !kind.isEmpty, !kind.contains(where: \.isWhitespace) else {
            throw AuditError(.invalidInput, "audit kind '\(kind)' must be one word without spaces", file: path)
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let descriptor = open(path, O_RDWR | O_CREAT | O_APPEND, 0o644)
        guard descriptor >= 0 else {
            throw AuditError(.unwritable, "cannot open the audit log for appending", file: path, hint: "check the directory exists and is writable")
        }
        defer { close(descriptor) }
        // One writer at a time, so two processes cannot both chain to the same last entry.
        guard flock(descriptor, LOCK_EX) == 0 else {
            throw AuditError(.unwritable, "cannot lock the audit log", file: path)
        }
        defer { flock(descriptor, LOCK_UN) }

        // The whole chain and its head must verify first: chaining onto a cut or edited log would
        // bless the damage with a fresh head.
        let last: AuditEntry?
        do {
            last = try verify().last
        } catch {
            var refusal = error
            refusal.message = "refusing to append: " + error.message
            throw refusal
        }
        var entry = AuditEntry(
            sequence: (last?.sequence ?? 0) + 1, time: Self.timestamp(time), kind: kind, actor: actor, subject: subject,
            details: context.merging(details) { _, own in own }, previousHash: last?.hash ?? AuditEntry.genesis, hash: ""
        )
        entry.hash = AuditEntry.digest(entry.body)
        let bytes = Array((entry.line + "\n").utf8)
        // On a failed write or head update the log goes back to this size: a half entry, or an
        // entry its head does not record, would make every later append and verify refuse the log
        // (a full disk did exactly that).
        let size = lseek(descriptor, 0, SEEK_END)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else {
            Self.rollBack(descriptor, to: size)
            throw AuditError(.unwritable, "could not write the audit entry in full; the log is as it was", file: path, hint: "check free disk space, then run `spark audit verify`")
        }
        do {
            // SPARK_AUDIT_FAIL_HEAD names one head file whose update fails: a full disk, in tests.
            if ProcessInfo.processInfo.environment["SPARK_AUDIT_FAIL_HEAD"] == headPath { throw CocoaError(.fileWriteOutOfSpace) }
            try Data("\(entry.sequence) \(entry.hash)\n".utf8).write(to: URL(fileURLWithPath: headPath), options: .atomic)
        } catch {
            Self.rollBack(descriptor, to: size)
            throw AuditError(.unwritable, "cannot update the audit head file; the entry was taken back", file: headPath, hint: "check free disk space and that the head file is writable")
        }
        return entry
    }

    private static func rollBack(_ descriptor: Int32, to size: off_t) {
        guard size >= 0 else { return }
        _ = ftruncate(descriptor, size)
        _ = fsync(descriptor)
    }

    /// Checks the whole chain and returns its entries, or names the first bad entry.
    ///
    /// - Throws: ``AuditError`` with code `edited`, `removed`, `reordered`, `truncated` or `malformed`
    ///   and the line of the first entry that does not verify.
    /// - Parameter requireHead: false for a copy of another clone's log, which may come without its head.
    @discardableResult
    public func verify(requireHead: Bool = true) throws(AuditError) -> [AuditEntry] {
        let lines = try readLines()
        let head = try readHead()
        var parsed: [AuditEntry] = []
        for (index, line) in lines.enumerated() {
            guard line.complete else {
                throw AuditError(.truncated, "entry \(index + 1) is cut off mid-line", file: path, line: index + 1, hint: "the log was truncated; restore it from version control")
            }
            if let version = AuditEntry.declaredVersion(line.text), version != AuditEntry.version {
                throw AuditError(
                    .version, "entry \(index + 1) is audit format version \(version); this build reads version \(AuditEntry.version) only", file: path, line: index + 1,
                    hint: version < AuditEntry.version ? "archive the old log (git mv \(path) \(path).v\(version); git rm \(headPath)), then propose and approve again what is still pending (README: what breaks)" : "update spark"
                )
            }
            guard let entry = AuditEntry.parse(line.text) else {
                throw AuditError(.malformed, "line \(index + 1) is not an audit entry", file: path, line: index + 1, hint: "the log must only be written by spark; restore it from version control")
            }
            parsed.append(entry)
        }
        let sequences = Set(parsed.map(\.sequence))
        var previous = AuditEntry.genesis
        for (index, entry) in parsed.enumerated() {
            let expected = index + 1
            if entry.sequence != expected {
                if sequences.contains(expected) {
                    throw AuditError(.reordered, "entry \(expected) is out of place: line \(expected) holds entry \(entry.sequence)", file: path, line: expected)
                }
                throw AuditError(.removed, "entry \(expected) was removed (line \(expected) holds entry \(entry.sequence))", file: path, line: expected)
            }
            if AuditEntry.digest(entry.body) != entry.hash || entry.line != lines[index].text {
                throw AuditError(.edited, "entry \(expected) was edited: its hash does not match its contents", file: path, line: expected)
            }
            if entry.previousHash != previous {
                throw AuditError(.edited, "entry \(expected) does not chain to entry \(expected - 1): one of them was edited or replaced", file: path, line: expected)
            }
            previous = entry.hash
        }
        if let head {
            if head.sequence > parsed.count {
                throw AuditError(.truncated, "the log ends at entry \(parsed.count) but its head records entry \(head.sequence): entries were cut off the end", file: path, line: parsed.count + 1, hint: "restore the log from version control")
            }
            if head.sequence < parsed.count {
                throw AuditError(.malformed, "the log has \(parsed.count) entries but its head records \(head.sequence): entries were added without spark", file: path, line: head.sequence + 1)
            }
            if head.hash != previous {
                throw AuditError(.edited, "entry \(parsed.count) was replaced: its hash differs from the head's", file: path, line: parsed.count)
            }
        } else if requireHead, !parsed.isEmpty {
            throw AuditError(.truncated, "the head file \(headPath) is missing", file: path, hint: "restore it from version control; without it truncation cannot be ruled out")
        }
        return parsed
    }

    private func readLines() throws(AuditError) -> [(text: String, complete: Bool)] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AuditError(.unreadable, "cannot read the audit log", file: path)
        }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { (text: String($0), complete: true) }
        if lines.last?.text == "" {
            lines.removeLast()
        } else if !lines.isEmpty {
            lines[lines.count - 1].complete = false
        }
        return lines
    }

    private func readHead() throws(AuditError) -> (sequence: Int, hash: String)? {
        guard FileManager.default.fileExists(atPath: headPath) else { return nil }
        guard let data = FileManager.default.contents(atPath: headPath) else {
            throw AuditError(.unreadable, "cannot read the audit head", file: headPath)
        }
        let parts = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard parts.count == 2, let sequence = Int(parts[0]) else {
            throw AuditError(.malformed, "the head must read '<sequence> <hash>'", file: headPath, line: 1)
        }
        return (sequence, String(parts[1]))
    }

    /// UTC, millisecond precision: the form every entry's time takes.
    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
