import Foundation
import GRDB
import Store
import Testing

@Suite("Schema migrations")
struct MigrationTests {
    @Test("a store written by the first schema (text keys) is upgraded in place and keeps its bars")
    func upgradeFromV1() throws {
        let directory = NSTemporaryDirectory() + "spark-migrate-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/old.db"
        // Exactly what v1 created, plus GRDB's record that v1 ran.
        let old = try DatabaseQueue(path: path)
        try old.write { db in
            try db.execute(sql: """
                CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                INSERT INTO grdb_migrations VALUES ('v1-bar');
                CREATE TABLE bar (
                    symbol TEXT NOT NULL, interval TEXT NOT NULL, open_time INTEGER NOT NULL,
                    open REAL NOT NULL, high REAL NOT NULL, low REAL NOT NULL, close REAL NOT NULL, volume REAL NOT NULL,
                    PRIMARY KEY (symbol, interval, open_time), CHECK (high >= low), CHECK (volume >= 0)
                ) WITHOUT ROWID;
                INSERT INTO bar VALUES ('BTCUSDT', '1m', 60000, 1, 2, 0.5, 1.5, 3), ('BTCUSDT', '1m', 120000, 1.5, 2, 1, 1.8, 4),
                    ('ETHUSDT', '1h', 3600000, 10, 11, 9, 10.5, 7);
                """)
        }
        try old.close()
        let database = try AppDatabase.open(path: path)
        #expect(try database.appliedMigrations() == ["v1-bar", "v2-quality", "v3-series", "v4-decision", "v5-scenario"])
        #expect(try database.series().map { "\($0.symbol) \($0.interval) \($0.rows)" } == ["BTCUSDT 1m 2", "ETHUSDT 1h 1"])
        var closes: [Double] = []
        try database.forEachBar(symbol: "BTCUSDT", interval: "1m") { closes.append($0.close) }
        #expect(closes == [1.5, 1.8])
        #expect(try database.lastTime(symbol: "ETHUSDT", interval: "1h") == 3_600_000)
    }
}
