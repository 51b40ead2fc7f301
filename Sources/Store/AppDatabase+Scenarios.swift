import GRDB

extension AppDatabase {
    /// Saves one finished scenario in its own transaction; a scenario already stored is left as it was.
    ///
    /// The key names the inputs exactly, so a second result for it would be a duplicate, never a
    /// correction: the first one stays.
    public func saveScenario(_ scenario: StoredScenario) throws(StoreError) {
        try run(.io, "cannot save scenario \(scenario.key.prefix(12))") {
            try writer.write { db in
                try db.execute(sql: """
                    INSERT OR IGNORE INTO scenario_result
                    (scenario_key, strategy, symbol, period, costs, params, status, error, metrics_json, bars, orders, rejected, run_id, elapsed_s, finished_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [
                        scenario.key, scenario.strategy, scenario.symbol, scenario.period, scenario.costs, scenario.params, scenario.status,
                        scenario.error, scenario.metricsJSON, scenario.bars, scenario.orders, scenario.rejected, scenario.runID,
                        scenario.elapsedSeconds, scenario.finishedAt,
                    ])
            }
        }
    }

    /// The stored scenarios among `keys`, by key.
    public func scenarios(keys: [String]) throws(StoreError) -> [String: StoredScenario] {
        try run(.io, "cannot read sweep results") {
            try writer.read { db in
                var found: [String: StoredScenario] = [:]
                // SQLite caps bound variables; ask in chunks.
                for start in stride(from: 0, to: keys.count, by: 500) {
                    let chunk = Array(keys[start..<min(start + 500, keys.count)])
                    let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                    let rows = try Row.fetchAll(db, sql: """
                        SELECT scenario_key, strategy, symbol, period, costs, params, status, error, metrics_json, bars, orders, rejected, run_id, elapsed_s, finished_at
                        FROM scenario_result WHERE scenario_key IN (\(marks))
                        """, arguments: StatementArguments(chunk))
                    for row in rows {
                        let scenario = StoredScenario(
                            key: row[0], strategy: row[1], symbol: row[2], period: row[3], costs: row[4], params: row[5], status: row[6],
                            error: row[7], metricsJSON: row[8], bars: row[9], orders: row[10], rejected: row[11], runID: row[12],
                            elapsedSeconds: row[13], finishedAt: row[14]
                        )
                        found[scenario.key] = scenario
                    }
                }
                return found
            }
        }
    }
}
