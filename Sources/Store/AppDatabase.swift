import Foundation
import GRDB
import GRDBSQLite

/// The bar store: one SQLite file (WAL mode) owned through one GRDB `DatabaseWriter`.
///
/// Follows GRDB's `AppDatabase` pattern: this type is the only one that touches the database, the
/// schema is created and upgraded by versioned migrations when the store opens, and every method
/// maps SQLite failures to ``StoreError``. Errors thrown by caller closures pass through unchanged.
public final class AppDatabase: Sendable {
    let writer: any DatabaseWriter
    /// The file path, or `:memory:`; named in errors.
    public let path: String

    private init(_ writer: any DatabaseWriter, path: String) throws(StoreError) {
        self.writer = writer
        self.path = path
        do {
            try Self.migrator.migrate(writer)
        } catch {
            throw Self.wrap(error, path: path, as: .migration, "cannot prepare the schema")
        }
    }

    /// Opens (creating if needed) the store at `path` in WAL mode and migrates it to the current schema.
    ///
    /// - Throws: ``StoreError`` with `.open`, `.corrupt`, `.busy` or `.migration`.
    public static func open(path: String) throws(StoreError) -> AppDatabase {
        let pool: DatabasePool
        do {
            // A pool puts the file in WAL mode: readers (e.g. `spark data ls`) never block an import.
            pool = try DatabasePool(path: path, configuration: configuration())
        } catch {
            throw wrap(error, path: path, as: .open, "cannot open the bar store")
        }
        return try AppDatabase(pool, path: path)
    }

    /// A fresh, empty store in memory (tests, throwaway imports).
    public static func inMemory() throws(StoreError) -> AppDatabase {
        do {
            return try AppDatabase(DatabaseQueue(configuration: configuration()), path: ":memory:")
        } catch let error as StoreError {
            throw error
        } catch {
            throw wrap(error, path: ":memory:", as: .open, "cannot create an in-memory store")
        }
    }

    private static func configuration() -> Configuration {
        var configuration = Configuration()
        // Wait for a concurrent writer (another import) instead of failing at once.
        configuration.busyMode = .timeout(10)
        configuration.label = "Spark.AppDatabase"
        return configuration
    }

    /// Versioned schema changes. Never edit a shipped migration: add a new one, so existing files upgrade.
    ///
    /// GRDB's `eraseDatabaseOnSchemaChange` is deliberately not used: it would drop users' imported data.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-bar") { db in
            // WITHOUT ROWID: the primary key is the access path for every query, so rows are
            // stored clustered by (symbol, interval, open_time) and a range scan reads them in order.
            try db.execute(sql: """
                CREATE TABLE bar (
                    symbol    TEXT    NOT NULL,
                    interval  TEXT    NOT NULL,
                    open_time INTEGER NOT NULL,
                    open      REAL    NOT NULL,
                    high      REAL    NOT NULL,
                    low       REAL    NOT NULL,
                    close     REAL    NOT NULL,
                    volume    REAL    NOT NULL,
                    PRIMARY KEY (symbol, interval, open_time),
                    CHECK (high >= low),
                    CHECK (volume >= 0)
                ) WITHOUT ROWID
                """)
        }
        migrator.registerMigration("v2-quality") { db in
            // The last `spark data quality` result per series; an import into the series deletes it,
            // so a stored row always describes the bars as they are now.
            try db.execute(sql: """
                CREATE TABLE quality_result (
                    symbol       TEXT    NOT NULL,
                    interval     TEXT    NOT NULL,
                    checked_rows INTEGER NOT NULL,
                    failed_fatal TEXT    NOT NULL,   -- comma-separated check names, empty when passed
                    result_json  TEXT    NOT NULL,
                    PRIMARY KEY (symbol, interval)
                ) WITHOUT ROWID
                """)
        }
        migrator.registerMigration("v3-series") { db in
            // Bars keyed by an integer series id instead of two strings: inserts compare integers
            // only and rows are smaller, which roughly doubles import speed. Existing bars are copied.
            try db.execute(sql: """
                CREATE TABLE series (
                    id       INTEGER PRIMARY KEY,
                    symbol   TEXT NOT NULL,
                    interval TEXT NOT NULL,
                    UNIQUE (symbol, interval)
                );
                INSERT INTO series (symbol, interval) SELECT DISTINCT symbol, interval FROM bar ORDER BY symbol, interval;
                CREATE TABLE bar_v3 (
                    series    INTEGER NOT NULL,   -- series.id; no REFERENCES: a per-row foreign-key probe would halve import speed
                    open_time INTEGER NOT NULL,
                    open      REAL    NOT NULL,
                    high      REAL    NOT NULL,
                    low       REAL    NOT NULL,
                    close     REAL    NOT NULL,
                    volume    REAL    NOT NULL,
                    PRIMARY KEY (series, open_time),
                    CHECK (high >= low),
                    CHECK (volume >= 0)
                ) WITHOUT ROWID;
                INSERT INTO bar_v3 SELECT s.id, b.open_time, b.open, b.high, b.low, b.close, b.volume
                    FROM bar b JOIN series s ON s.symbol = b.symbol AND s.interval = b.interval;
                DROP TABLE bar;
                ALTER TABLE bar_v3 RENAME TO bar;
                """)
        }
        migrator.registerMigration("v4-decision") { db in
            // The guardrail decision log: one row per order decision, with the policy and param-set
            // hashes it was decided under; the same objects as decisions.jsonl, queryable.
            try db.execute(sql: """
                CREATE TABLE decision (
                    run           TEXT    NOT NULL,
                    seq           INTEGER NOT NULL,   -- order of the decision within the run
                    time          INTEGER NOT NULL,   -- event time, ms since the epoch
                    mode          TEXT    NOT NULL,
                    strategy      TEXT    NOT NULL,
                    verdict       TEXT    NOT NULL CHECK (verdict IN ('allow', 'reject')),
                    rule          TEXT,
                    code          TEXT,
                    symbol        TEXT    NOT NULL,
                    policy_sha256 TEXT,
                    params_sha256 TEXT    NOT NULL,
                    record_json   TEXT    NOT NULL,
                    PRIMARY KEY (run, seq)
                ) WITHOUT ROWID;
                CREATE INDEX decision_by_rule ON decision (rule, time);
                """)
        }
        migrator.registerMigration("v5-scenario") { db in
            // Sweep results, one row per scenario, keyed by the hash of everything that decides the
            // result (strategy and policy bytes, params, bars, costs). A row is written in its own
            // transaction when the scenario ends, so a killed sweep keeps every finished scenario
            // and a repeated one skips them.
            try db.execute(sql: """
                CREATE TABLE scenario_result (
                    scenario_key TEXT    PRIMARY KEY,
                    strategy     TEXT    NOT NULL,
                    symbol       TEXT    NOT NULL,
                    period       TEXT    NOT NULL,
                    costs        TEXT    NOT NULL,
                    params       TEXT    NOT NULL,   -- canonical JSON of the scenario's params
                    status       TEXT    NOT NULL CHECK (status IN ('ok', 'failed')),
                    error        TEXT,
                    metrics_json TEXT,
                    bars         INTEGER NOT NULL,
                    orders       INTEGER NOT NULL,
                    rejected     INTEGER NOT NULL,
                    run_id       TEXT,
                    elapsed_s    REAL    NOT NULL,
                    finished_at  INTEGER NOT NULL    -- wall time, ms since the epoch
                ) WITHOUT ROWID;
                """)
        }
        return migrator
    }()

    /// The id of `symbol`/`interval` in `series`, creating the row when `create` is set.
    static func seriesID(_ db: Database, symbol: String, interval: String, create: Bool) throws -> Int64? {
        if create {
            try db.execute(sql: "INSERT OR IGNORE INTO series (symbol, interval) VALUES (?, ?)", arguments: [symbol, interval])
        }
        return try Int64.fetchOne(db, sql: "SELECT id FROM series WHERE symbol = ? AND interval = ?", arguments: [symbol, interval])
    }

    /// Identifiers of the migrations applied to this file, oldest first.
    public func appliedMigrations() throws(StoreError) -> [String] {
        try run(.io, "cannot read the schema version") {
            try writer.read { db in try Self.migrator.appliedMigrations(db) }
        }
    }

    /// Inserts `bars`, replacing any stored bar with the same (symbol, interval, time).
    ///
    /// Idempotent: importing the same file twice leaves the store as after the first import. The batch
    /// is one transaction: if any bar is rejected (a CHECK or NOT NULL constraint, e.g. high < low or a
    /// NaN price) nothing of the batch is written.
    ///
    /// - Throws: ``StoreError`` `.constraint` naming the offending bar, or another code for I/O failures.
    public func upsert(_ bars: [StoredBar]) throws(StoreError) {
        guard !bars.isEmpty else { return }
        var failing: StoredBar?
        do {
            try writer.write { db in
                let statement = try db.cachedStatement(sql: """
                    INSERT INTO bar (series, open_time, open, high, low, close, volume)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (series, open_time) DO UPDATE SET
                        open = excluded.open, high = excluded.high, low = excluded.low,
                        close = excluded.close, volume = excluded.volume
                    """)
                var ids: [String: Int64] = [:]
                for bar in bars {
                    failing = bar
                    let key = bar.symbol + "\u{0}" + bar.interval
                    let id: Int64
                    if let known = ids[key] {
                        id = known
                    } else {
                        id = try Self.seriesID(db, symbol: bar.symbol, interval: bar.interval, create: true)!
                        ids[key] = id
                    }
                    // setUncheckedArguments: the statement shape is fixed, so skip per-row validation.
                    statement.setUncheckedArguments([id, bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume])
                    try statement.execute()
                }
                failing = nil
            }
        } catch {
            let what = failing.map { " (bar \($0.symbol) \($0.interval) at \($0.time) ms)" } ?? ""
            throw Self.wrap(error, path: path, as: .io, "cannot write \(bars.count) bars\(what); none were written")
        }
    }

    /// Calls `body` with each stored bar of `symbol`/`interval` whose time is in `from...to`
    /// (either bound optional, both inclusive), in ascending time order.
    ///
    /// Rows come from a SQLite cursor, so memory stays flat however many bars match. `body` runs inside
    /// a read transaction: it sees one consistent snapshot, and must not write to this store.
    /// Errors thrown by `body` are rethrown unchanged and stop the scan.
    public func forEachBar(
        symbol: String, interval: String, from: Int64? = nil, to: Int64? = nil,
        _ body: (StoredBar) throws -> Void
    ) throws {
        do {
            try writer.read { db in
                guard let id = try Self.seriesID(db, symbol: symbol, interval: interval, create: false) else { return }
                let statement = try db.makeStatement(sql: """
                    SELECT open_time, open, high, low, close, volume FROM bar
                    WHERE series = ? AND open_time >= ? AND open_time <= ?
                    ORDER BY open_time
                    """)
                // Raw stepping: decoding GRDB rows would cost more than the quality checks themselves.
                let raw = statement.sqliteStatement
                sqlite3_bind_int64(raw, 1, id)
                sqlite3_bind_int64(raw, 2, from ?? Int64.min)
                sqlite3_bind_int64(raw, 3, to ?? Int64.max)
                try withExtendedLifetime(statement) {
                    while true {
                        let status = sqlite3_step(raw)
                        if status == SQLITE_DONE { break }
                        guard status == SQLITE_ROW else {
                            throw DatabaseError(resultCode: ResultCode(rawValue: status), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                        }
                        try body(StoredBar(
                            symbol: symbol, interval: interval, time: sqlite3_column_int64(raw, 0),
                            open: sqlite3_column_double(raw, 1), high: sqlite3_column_double(raw, 2), low: sqlite3_column_double(raw, 3),
                            close: sqlite3_column_double(raw, 4), volume: sqlite3_column_double(raw, 5)
                        ))
                    }
                }
            }
        } catch let error as DatabaseError {
            throw Self.wrap(error, path: path, as: .io, "cannot read bars of \(symbol) \(interval)")
        }
    }

    /// Every (symbol, interval) pair in the store with its first and last time and row count, sorted by name.
    public func series() throws(StoreError) -> [SeriesSummary] {
        try run(.io, "cannot list the stored series") {
            try writer.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT s.symbol, s.interval, MIN(b.open_time), MAX(b.open_time), COUNT(*)
                    FROM bar b JOIN series s ON s.id = b.series
                    GROUP BY b.series ORDER BY s.symbol, s.interval
                    """).map { row in
                    SeriesSummary(symbol: row[0], interval: row[1], first: row[2], last: row[3], rows: row[4])
                }
            }
        }
    }

    /// The number of stored bars matching the filters; nil filters match everything, bounds are inclusive.
    public func count(symbol: String? = nil, interval: String? = nil, from: Int64? = nil, to: Int64? = nil) throws(StoreError) -> Int {
        try run(.io, "cannot count bars") {
            try writer.read { db in
                // `? IS NULL OR column = ?`: one cached statement serves every filter combination.
                try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM bar b JOIN series s ON s.id = b.series
                    WHERE (?1 IS NULL OR s.symbol = ?1) AND (?2 IS NULL OR s.interval = ?2)
                      AND b.open_time >= ?3 AND b.open_time <= ?4
                    """, arguments: [symbol, interval, from ?? Int64.min, to ?? Int64.max]) ?? 0
            }
        }
    }

    func run<T>(_ code: StoreError.Code, _ message: String, _ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch {
            throw Self.wrap(error, path: path, as: code, message)
        }
    }

    /// Maps a GRDB/SQLite error to a ``StoreError``, choosing the code from SQLite's result code.
    static func wrap(_ error: any Error, path: String, as fallback: StoreError.Code, _ message: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? DatabaseError else {
            return StoreError(fallback, "\(message): \(error)", path: path)
        }
        let code: StoreError.Code = switch error.resultCode {
        case .SQLITE_CONSTRAINT: .constraint
        case .SQLITE_BUSY, .SQLITE_LOCKED: .busy
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: .corrupt
        case .SQLITE_READONLY: .readOnly
        case .SQLITE_CANTOPEN: .open
        default: fallback
        }
        return StoreError(code, "\(message): \(error.message ?? "\(error.resultCode)")", path: path)
    }
}
