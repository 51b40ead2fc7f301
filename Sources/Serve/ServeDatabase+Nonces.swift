import GRDB

extension ServeDatabase {
    /// Records a nonce; false when it was seen before (a replay). Nonces older than `keepMs` are
    /// pruned: past the skew window their timestamps refuse a replay anyway.
    func claimNonce(_ nonce: String, keyID: String, nowMs: Int64, keepMs: Int64) throws(ServeError) -> Bool {
        try write("record a control nonce") { db in
            try db.execute(sql: "DELETE FROM control_nonce WHERE seen_ms < ?", arguments: [nowMs - keepMs])
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM control_nonce WHERE nonce = ?", arguments: [nonce]) == true { return false }
            try db.execute(sql: "INSERT INTO control_nonce (nonce, key_id, seen_ms) VALUES (?, ?, ?)", arguments: [nonce, keyID, nowMs])
            return true
        }
    }
}
