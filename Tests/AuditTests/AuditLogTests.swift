import Foundation
import Testing
import Audit

@Suite("The hash-chained audit log")
struct AuditLogTests {
    func log(entries: Int = 4, actor: String = "bob") throws -> AuditLog {
        let directory = NSTemporaryDirectory() + "spark-audit-tests/\(UUID().uuidString)"
        let log = AuditLog(path: directory + "/audit.log")
        for index in 0..<entries {
            try log.append(kind: "approval", actor: actor, subject: "p-\(index)", details: ["key": "k\(index)"], at: Date(timeIntervalSince1970: Double(index) * 60))
        }
        return log
    }

    func lines(_ log: AuditLog) throws -> [String] {
        try String(contentsOfFile: log.path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    func write(_ lines: [String], to log: AuditLog, newline: Bool = true) throws {
        try (lines.joined(separator: "\n") + (newline ? "\n" : "")).write(toFile: log.path, atomically: true, encoding: .utf8)
    }

    func failure(_ log: AuditLog) -> AuditError? {
        do {
            try log.verify()
            return nil
        } catch {
            return error
        }
    }

    @Test("an untouched log verifies and chains each entry to the one before")
    func intact() throws {
        let log = try log()
        let entries = try log.verify()
        #expect(entries.count == 4)
        #expect(entries[1].previousHash == entries[0].hash)
        #expect(entries[0].time == "1970-01-01T00:00:00.000Z")
    }

    @Test("an edited entry is named")
    func edited() throws {
        let log = try log()
        var lines = try lines(log)
        lines[1] = lines[1].replacingOccurrences(of: "\"bob\"", with: "\"eve\"")
        try write(lines, to: log)
        #expect(failure(log)?.code == .edited)
        #expect(failure(log)?.line == 2)
    }

    @Test("an entry replaced with a recomputed hash breaks the next link")
    func replaced() throws {
        let log = try log()
        let other = try self.log(entries: 2, actor: "eve")
        var lines = try lines(log)
        lines[1] = try self.lines(other)[1]
        try write(lines, to: log)
        #expect(failure(log)?.code == .edited)
        #expect(failure(log)?.message.contains("entry 2 does not chain to entry 1") == true)
    }

    @Test("a removed entry is named")
    func removed() throws {
        let log = try log()
        var lines = try lines(log)
        lines.remove(at: 2)
        try write(lines, to: log)
        #expect(failure(log)?.code == .removed)
        #expect(failure(log)?.message.contains("entry 3 was removed") == true)
    }

    @Test("reordered entries are named")
    func reordered() throws {
        let log = try log()
        var lines = try lines(log)
        lines.swapAt(1, 2)
        try write(lines, to: log)
        #expect(failure(log)?.code == .reordered)
        #expect(failure(log)?.line == 2)
    }

    @Test("entries cut off the end are caught by the head")
    func truncated() throws {
        let log = try log()
        try write(Array(try lines(log).prefix(2)), to: log)
        #expect(failure(log)?.code == .truncated)
        #expect(failure(log)?.message.contains("ends at entry 2 but its head records entry 4") == true)
    }

    @Test("a log cut mid-line is caught")
    func cutMidLine() throws {
        let log = try log()
        var lines = try lines(log)
        lines[3] = String(lines[3].prefix(20))
        try write(lines, to: log, newline: false)
        #expect(failure(log)?.code == .truncated)
    }

    @Test("appending to a log whose last line is damaged is refused")
    func appendToDamaged() throws {
        let log = try log()
        var lines = try lines(log)
        lines[3] = "not json"
        try write(lines, to: log)
        #expect(throws: AuditError.self) {
            try log.append(kind: "x", actor: "a", subject: "s", at: Date(timeIntervalSince1970: 0))
        }
    }

    @Test("a kind with spaces is refused")
    func badKind() throws {
        let log = try log(entries: 0)
        #expect(throws: AuditError.self) {
            try log.append(kind: "breaker trip", actor: "a", subject: "s", at: Date(timeIntervalSince1970: 0))
        }
    }
}
