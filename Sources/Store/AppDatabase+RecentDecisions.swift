import GRDB

extension AppDatabase {
    /// The newest `limit` decisions of every run, newest first: what a dashboard shows.
    public func recentDecisions(limit: Int) throws(StoreError) -> [StoredDecision] {
        try run(.io, "cannot read the decision log") {
            try writer.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT time, mode, strategy, verdict, rule, code, symbol, policy_sha256, params_sha256, record_json
                    FROM decision ORDER BY time DESC, run DESC, seq DESC LIMIT ?
                    """, arguments: [limit]).map { row in
                    StoredDecision(
                        time: row[0], mode: row[1], strategy: row[2], verdict: row[3], rule: row[4], code: row[5], symbol: row[6],
                        policySHA256: row[7], paramsSHA256: row[8], recordJSON: row[9]
                    )
                }
            }
        }
    }
}
