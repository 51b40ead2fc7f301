import Foundation
import Drivers
import Engine
import SparkConfig

/// The operator part of `spark demo`: a kill switch engaged from a subdirectory of the project
/// reaching a running session, then a flatten closing its position through the engaged switch.
enum OperatorDemo {
    /// How long the operator "takes" after each action: longer than a session's 200 ms between polls,
    /// so the session sees it before its next bar whatever the machine's speed.
    static let pause: useconds_t = 300_000

    static func run(paper: PaperRequest, wallTime: String, output: String, print: (String) -> Void, warn: @escaping (String) -> Void) async throws {
        print("== 4b. Kill switch from a subdirectory of the project, reaching the running session; then flatten")
        let subdirectory = paper.project.root + "/policies/rules"
        var session = paper
        session.journalPath = "\(output)/paper-kill.jsonl"
        var bar = 0
        var killedAt: Int?
        var reached: [String] = []
        var failure: Error?
        let summary = try await Paper.run(session, clock: ContinuousClock(), wallTime: wallTime, shouldStop: {
            bar += 1
            do {
                // Engage once the long-only strategy holds a position, so the flatten has something to close.
                if killedAt == nil, bar >= 2000, Self.lastFillSide(session.journalPath) == "buy" {
                    killedAt = bar
                    // What `spark kill on` does when run in that directory: find the project upwards.
                    let project = try Project.locate(from: subdirectory, environment: [:])
                    try GuardStateStore(directory: project.stateDirectory).setKill(true, reason: "demo: exchange incident", by: "demo")
                    reached = SessionLock.running(in: SessionLock.directory(stateDirectory: project.stateDirectory)).map { "\($0.strategy) (pid \($0.pid))" }
                    print("   cd \(subdirectory) && spark kill on  → project \(project.root), reaches: \(reached.joined(separator: ", "))")
                    usleep(pause)
                } else if let killedAt, bar == killedAt + 500 {
                    let project = try Project.locate(from: subdirectory, environment: [:])
                    _ = try Flatten.request(project: project, strategy: "sma_cross", by: "demo", reason: "demo: close out", at: Date())
                    print("   spark flatten --strategy sma_cross --reason \"demo: close out\"")
                    usleep(pause)
                }
            } catch {
                failure = error
                return true
            }
            return false
        }, log: { line in if !line.hasPrefix("[info] breaker ") { warn(line) } })
        if let failure { throw failure }
        let journal = try String(contentsOfFile: session.journalPath, encoding: .utf8).split(separator: "\n")
        let killedBefore = journal.first { $0.contains("\"kind\":\"kill_on\"") }.flatMap { Self.number(after: "\"before_bar\":", in: $0) }
        let flattenedBefore = journal.first { $0.contains("\"kind\":\"flatten\"") }.flatMap { Self.number(after: "\"before_bar\":", in: $0) }
        let flattenOrders = journal.filter { $0.contains("\"kind\":\"submitted\"") && $0.contains("\"origin\":\"risk\"") }
        let filled = flattenOrders.compactMap { Self.number(after: "\"order\":", in: $0) }.filter { id in
            journal.contains { $0.contains("\"kind\":\"fill\"") && $0.contains("\"order\":\(id),") }
        }
        print("   the session journaled kill_on before bar \(killedBefore.map(String.init) ?? "?") and halted: \(summary.rejectionsByRule["kill-switch"] ?? 0) strategy orders rejected by kill-switch")
        print("   flatten before bar \(flattenedBefore.map(String.init) ?? "?"): \(flattenOrders.count) closing order(s) passed the engaged switch, \(filled.count) filled; journal \(session.journalPath)")
        try GuardStateStore(directory: paper.project.stateDirectory).setKill(false, reason: "demo over", by: "demo")
        print("")
    }

    /// The side of the journal's last fill, read from its tail.
    private static func lastFillSide(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > 65_536 ? size - 65_536 : 0)
        let tail = String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
        guard let fill = tail.split(separator: "\n").last(where: { $0.contains("\"kind\":\"fill\"") }) else { return nil }
        return fill.contains("\"side\":\"buy\"") ? "buy" : "sell"
    }

    private static func number(after key: String, in line: Substring) -> Int? {
        guard let range = line.range(of: key) else { return nil }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
    }
}
