import Foundation
import Testing
import Audit

@Suite("Anchors, appends over damage, and joining two clones")
struct AuditAnchorTests {
    static func scratch() -> String { NSTemporaryDirectory() + "spark-audit-tests/\(UUID().uuidString)" }

    static func log(_ directory: String, entries: Int) throws -> AuditLog {
        let log = AuditLog(path: directory + "/audit.log")
        for index in 0..<entries {
            try log.append(kind: "approval", actor: "bob", subject: "p-\(index)", at: Date(timeIntervalSince1970: Double(index)))
        }
        return log
    }

    @Test("an append whose head update fails is taken back, so the log still verifies and the next append works (a full disk)")
    func failedHeadIsRolledBack() throws {
        let log = try Self.log(Self.scratch(), entries: 2)
        let before = try String(contentsOfFile: log.path, encoding: .utf8)
        // Only this log's head fails (the variable names its path), so parallel tests are untouched.
        setenv("SPARK_AUDIT_FAIL_HEAD", log.headPath, 1)
        #expect { try log.append(kind: "approval", actor: "bob", subject: "p-2", at: Date()) } throws: { "\($0)".contains("taken back") }
        unsetenv("SPARK_AUDIT_FAIL_HEAD")
        #expect(try String(contentsOfFile: log.path, encoding: .utf8) == before, "the log is byte for byte as it was")
        #expect(try log.verify().count == 2)
        #expect(try log.append(kind: "approval", actor: "bob", subject: "p-2", at: Date()).sequence == 3)
    }

    @Test("an append never re-chains over a cut: entries cut off the end with the head left alone refuse it")
    func appendOverCut() throws {
        let log = try Self.log(Self.scratch(), entries: 3)
        let lines = try String(contentsOfFile: log.path, encoding: .utf8).split(separator: "\n")
        try (lines.dropLast().joined(separator: "\n") + "\n").write(toFile: log.path, atomically: true, encoding: .utf8)
        #expect {
            try log.append(kind: "approval", actor: "eve", subject: "p-9", at: Date())
        } throws: { error in
            "\(error)".contains("refusing to append") && "\(error)".contains("cut off the end")
        }
    }

    @Test("the anchor accepts a log that extends the anchored entry and refuses one rewritten below it")
    func anchorHolds() throws {
        let directory = Self.scratch()
        let log = try Self.log(directory, entries: 2)
        let anchor = AuditAnchor(path: directory + "/state/audit-anchor")
        try anchor.advance(to: log.verify(), of: log)
        try log.append(kind: "approval", actor: "bob", subject: "p-2", at: Date(timeIntervalSince1970: 9))
        try anchor.advance(to: log.verify(), of: log)
        #expect(try anchor.read()?.sequence == 3)

        // A whole new history, chain and head consistent, that does not hold entry 3: refused.
        try FileManager.default.removeItem(atPath: log.path)
        try FileManager.default.removeItem(atPath: log.headPath)
        let rewritten = try Self.log(directory, entries: 4)
        #expect {
            try anchor.advance(to: rewritten.verify(), of: rewritten)
        } throws: { error in
            (error as? AuditError)?.code == .anchor && "\(error)".contains("does not extend entry 3")
        }
    }

    @Test("merging keeps this clone's hashes, re-chains the other's entries and names both heads")
    func merge() throws {
        let base = Self.scratch()
        let ours = try Self.log(base, entries: 2)
        let other = Self.scratch()
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: ours.path, toPath: other + "/audit.log")
        try FileManager.default.copyItem(atPath: ours.headPath, toPath: other + "/audit.log.head")
        let theirs = AuditLog(path: other + "/audit.log")
        try ours.append(kind: "approval", actor: "alice", subject: "ours", at: Date(timeIntervalSince1970: 10))
        try theirs.append(kind: "approval", actor: "carol", subject: "theirs", at: Date(timeIntervalSince1970: 11))
        let theirsAnchor = AuditAnchor(path: other + "/state/audit-anchor")
        try theirsAnchor.advance(to: theirs.verify(), of: theirs)
        let before = try ours.verify()

        let merged = try ours.merged(with: theirs, actor: "ops", at: Date(timeIntervalSince1970: 20))
        #expect(Array(merged.prefix(3)) == before, "this clone's entries keep their hashes")
        #expect(merged.map(\.subject) == ["p-0", "p-1", "ours", "theirs", "audit.log"])
        #expect(merged.last?.kind == AuditLog.mergeKind)
        try ours.replace(with: merged)
        #expect(try ours.verify().count == 5)
        // The other clone's anchor sits on an entry that was re-chained; the merge entry names it.
        try theirsAnchor.advance(to: ours.verify(), of: ours)
        #expect {
            _ = try ours.merged(with: ours, actor: "ops", at: Date())
        } throws: { error in
            "\(error)".contains("adds nothing")
        }
    }
}
