import Foundation
import GRDB

extension ServeDatabase {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// Inserts or replaces a session's row.
    func save(_ session: SupervisedSession) throws(ServeError) {
        let spec = String(decoding: (try? Self.encoder.encode(session.request)) ?? Data(), as: UTF8.self)
        let journals = String(decoding: (try? Self.encoder.encode(session.journals)) ?? Data(), as: UTF8.self)
        try write("save session \(session.id)") { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO session (id, mode, spec, state, pid, journals, telemetry, log, restarts, started_by, created_ms, updated_ms, reason)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    session.id, session.request.mode, spec, session.state, session.pid.map { Int64($0) }, journals, session.telemetry, session.log,
                    session.restarts, session.startedBy, session.createdMs, session.updatedMs, session.reason,
                ]
            )
        }
    }

    /// Every session, oldest first.
    func sessions() throws(ServeError) -> [SupervisedSession] {
        try read("read sessions") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM session ORDER BY created_ms, id").compactMap { row -> SupervisedSession? in
                let decoder = JSONDecoder()
                guard let request = try? decoder.decode(SessionRequest.self, from: Data((row["spec"] as String).utf8)),
                    let journals = try? decoder.decode([String].self, from: Data((row["journals"] as String).utf8))
                else { return nil }
                return SupervisedSession(
                    id: row["id"], request: request, state: row["state"], pid: (row["pid"] as Int64?).map { Int32($0) }, journals: journals,
                    telemetry: row["telemetry"], log: row["log"], restarts: row["restarts"], startedBy: row["started_by"],
                    createdMs: row["created_ms"], updatedMs: row["updated_ms"], reason: row["reason"], status: nil
                )
            }
        }
    }
}
