import Foundation
import GRDB

/// The services' own store, `<state>/serve.sqlite`: control nonces, supervised sessions and the
/// backtest queue. Everything that must survive a restart of `spark serve` lives here.
///
/// Follows GRDB's `AppDatabase` pattern: one writer, versioned migrations, failures mapped to ``ServeError``.
public final class ServeDatabase: Sendable {
    let writer: any DatabaseWriter
    public let path: String

    private init(_ writer: any DatabaseWriter, path: String) throws(ServeError) {
        self.writer = writer
        self.path = path
        do {
            try Self.migrator.migrate(writer)
        } catch {
            throw ServeError("store", "cannot prepare the service store: \(error)", where: path)
        }
    }

    /// Opens (creating) the store at `path`.
    public static func open(path: String) throws(ServeError) -> ServeDatabase {
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            return try ServeDatabase(try DatabasePool(path: path, configuration: configuration), path: path)
        } catch let error as ServeError {
            throw error
        } catch {
            throw ServeError("store", "cannot open the service store: \(error)", where: path)
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE control_nonce (nonce TEXT PRIMARY KEY, key_id TEXT NOT NULL, seen_ms INTEGER NOT NULL);
                CREATE TABLE session (
                    id TEXT PRIMARY KEY, mode TEXT NOT NULL, spec TEXT NOT NULL, state TEXT NOT NULL, pid INTEGER,
                    journals TEXT NOT NULL, telemetry TEXT NOT NULL, log TEXT NOT NULL, restarts INTEGER NOT NULL DEFAULT 0,
                    started_by TEXT NOT NULL, created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL, reason TEXT
                );
                CREATE TABLE backtest_job (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, spec TEXT NOT NULL, state TEXT NOT NULL,
                    submitted_by TEXT NOT NULL, submitted_ms INTEGER NOT NULL, started_ms INTEGER, finished_ms INTEGER,
                    out_dir TEXT, exit_code INTEGER, message TEXT, attempts INTEGER NOT NULL DEFAULT 0
                );
                """)
        }
        return migrator
    }

    func write<T>(_ what: String, _ body: (Database) throws -> T) throws(ServeError) -> T {
        do {
            return try writer.write(body)
        } catch {
            throw ServeError("store", "cannot \(what): \(error)", where: path)
        }
    }

    func read<T>(_ what: String, _ body: (Database) throws -> T) throws(ServeError) -> T {
        do {
            return try writer.read(body)
        } catch {
            throw ServeError("store", "cannot \(what): \(error)", where: path)
        }
    }
}
