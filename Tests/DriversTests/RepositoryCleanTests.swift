import Foundation
import Testing

@Suite("The repository stays clean")
struct RepositoryCleanTests {
    @Test("the repository's tracked audit log holds no entries made by tests")
    func trackedAuditLog() throws {
        let text = try String(contentsOfFile: Paths.repo("approvals/audit.log"), encoding: .utf8)
        let entries = text.split(separator: "\n")
        // Test fixtures run as "unknown", "test" or "demo" at 2026-01-01; people never do.
        #expect(!entries.contains { $0.contains("\"actor\":\"unknown\"") || $0.contains("\"actor\":\"demo\"") || $0.contains("\"time\":\"2026-01-01T00:00:00.000Z\"") })
    }
}
