import GRDB

extension AppDatabase {
    /// Stores a run's decision log in one transaction, replacing an earlier copy of the same run.
    ///
    /// A run id names exactly its inputs, so re-running it writes the same rows again. `decisions`
    /// is read one at a time inside the transaction: a backtest passes a lazy sequence over its
    /// spool file, so a long log never sits in memory whole.
    public func saveDecisions(run runID: String, _ decisions: some Sequence<StoredDecision>) throws(StoreError) {
        try run(.io, "cannot save the decision log of run \(runID)") {
            try writer.write { db in
                try db.execute(sql: "DELETE FROM decision WHERE run = ?", arguments: [runID])
                let statement = try db.makeStatement(sql: """
                    INSERT INTO decision (run, seq, time, mode, strategy, verdict, rule, code, symbol, policy_sha256, params_sha256, record_json)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                for (seq, decision) in decisions.enumerated() {
                    try statement.execute(arguments: [
                        runID, seq, decision.time, decision.mode, decision.strategy, decision.verdict, decision.rule, decision.code,
                        decision.symbol, decision.policySHA256, decision.paramsSHA256, decision.recordJSON,
                    ])
                }
            }
        }
    }

    /// A run's decisions in order, optionally only those a given rule rejected.
    public func decisions(run runID: String, rule: String? = nil) throws(StoreError) -> [StoredDecision] {
        try run(.io, "cannot read the decision log of run \(runID)") {
            try writer.read { db in
                let rows = try Row.fetchAll(db, sql: """
                    SELECT time, mode, strategy, verdict, rule, code, symbol, policy_sha256, params_sha256, record_json
                    FROM decision WHERE run = ? AND (? IS NULL OR rule = ?) ORDER BY seq
                    """, arguments: [runID, rule, rule])
                return rows.map { row in
                    StoredDecision(
                        time: row[0], mode: row[1], strategy: row[2], verdict: row[3], rule: row[4], code: row[5], symbol: row[6],
                        policySHA256: row[7], paramsSHA256: row[8], recordJSON: row[9]
                    )
                }
            }
        }
    }
}
