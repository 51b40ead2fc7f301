import Foundation
import GRDB

extension ServeDatabase {
    /// Queues a job; returns it with its id.
    func enqueue(_ request: JobRequest, by: String, nowMs: Int64) throws(ServeError) -> BacktestJob {
        let spec = String(decoding: (try? JSONEncoder().encode(request)) ?? Data(), as: UTF8.self)
        let id = try write("queue a job") { db -> Int64 in
            try db.execute(
                sql: "INSERT INTO backtest_job (kind, spec, state, submitted_by, submitted_ms) VALUES (?, ?, 'queued', ?, ?)",
                arguments: [request.kind, spec, by, nowMs]
            )
            return db.lastInsertedRowID
        }
        return BacktestJob(id: id, request: request, state: "queued", submittedBy: by, submittedMs: nowMs, attempts: 0)
    }

    /// Jobs, newest first (at most `limit`).
    func jobs(limit: Int = 200) throws(ServeError) -> [BacktestJob] {
        try read("read jobs") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM backtest_job ORDER BY id DESC LIMIT ?", arguments: [limit]).compactMap(Self.job)
        }
    }

    func job(_ id: Int64) throws(ServeError) -> BacktestJob? {
        try read("read job \(id)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM backtest_job WHERE id = ?", arguments: [id]).flatMap(Self.job)
        }
    }

    /// Takes the oldest queued job and marks it running; nil when none waits.
    func claimNextJob(nowMs: Int64, outDir: (Int64, Int) -> String) throws(ServeError) -> BacktestJob? {
        try write("claim a job") { db -> BacktestJob? in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM backtest_job WHERE state = 'queued' ORDER BY id LIMIT 1"), var job = Self.job(row) else { return nil }
            job.attempts += 1
            job.state = "running"
            job.startedMs = nowMs
            job.outDir = outDir(job.id, job.attempts)
            try db.execute(
                sql: "UPDATE backtest_job SET state = 'running', started_ms = ?, attempts = ?, out_dir = ? WHERE id = ?",
                arguments: [nowMs, job.attempts, job.outDir, job.id]
            )
            return job
        }
    }

    func finishJob(_ id: Int64, state: String, exitCode: Int, message: String, nowMs: Int64) throws(ServeError) {
        try write("finish job \(id)") { db in
            try db.execute(
                sql: "UPDATE backtest_job SET state = ?, exit_code = ?, message = ?, finished_ms = ? WHERE id = ?",
                arguments: [state, exitCode, message, nowMs, id]
            )
        }
    }

    /// Jobs left running by a service that stopped go back to the queue (run again, into a new directory).
    func requeueInterruptedJobs() throws(ServeError) -> Int {
        try write("requeue jobs") { db in
            try db.execute(sql: "UPDATE backtest_job SET state = 'queued' WHERE state = 'running'")
            return db.changesCount
        }
    }

    func jobCounts() throws(ServeError) -> [String: Int] {
        try read("count jobs") { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM backtest_job GROUP BY state") { counts[row["state"]] = row["n"] }
            return counts
        }
    }

    private static func job(_ row: Row) -> BacktestJob? {
        guard let request = try? JSONDecoder().decode(JobRequest.self, from: Data((row["spec"] as String).utf8)) else { return nil }
        return BacktestJob(
            id: row["id"], request: request, state: row["state"], submittedBy: row["submitted_by"], submittedMs: row["submitted_ms"],
            startedMs: row["started_ms"], finishedMs: row["finished_ms"], outDir: row["out_dir"], exitCode: row["exit_code"],
            message: row["message"], attempts: row["attempts"]
        )
    }
}
