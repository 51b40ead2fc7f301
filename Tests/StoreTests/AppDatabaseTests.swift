import Foundation
import Store
import Testing

@Suite("Bar store")
struct AppDatabaseTests {
    func bar(_ minute: Int64, close: Double = 100, symbol: String = "BTCUSDT", interval: String = "1m") -> StoredBar {
        StoredBar(symbol: symbol, interval: interval, time: 1_704_067_200_000 + minute * 60_000, open: 100, high: 101, low: 99, close: close, volume: 5)
    }

    func all(_ database: AppDatabase, symbol: String = "BTCUSDT", interval: String = "1m", from: Int64? = nil, to: Int64? = nil) throws -> [StoredBar] {
        var bars: [StoredBar] = []
        try database.forEachBar(symbol: symbol, interval: interval, from: from, to: to) { bars.append($0) }
        return bars
    }

    func temporaryPath() -> String {
        let directory = NSTemporaryDirectory() + "spark-store-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory + "/spark.db"
    }

    @Test("upserting the same bars twice stores them once, and a changed bar replaces the old one")
    func idempotentUpsert() throws {
        let database = try AppDatabase.inMemory()
        let bars = (0..<100).map { bar($0) }
        try database.upsert(bars)
        try database.upsert(bars)
        #expect(try database.count() == 100)
        try database.upsert([bar(5, close: 100.5)])
        #expect(try database.count() == 100)
        #expect(try all(database)[5].close == 100.5)
    }

    @Test("a batch with one bad bar (high < low, negative volume, NaN) writes nothing and says which bar")
    func atomicBatch() throws {
        let database = try AppDatabase.inMemory()
        try database.upsert([bar(0), bar(1)])
        var highBelowLow = bar(50)
        highBelowLow.high = 98
        var negativeVolume = bar(50)
        negativeVolume.volume = -1
        var notANumber = bar(50)
        notANumber.close = .nan
        for bad in [highBelowLow, negativeVolume, notANumber] {
            // The batch also rewrites bar 1: that update must be rolled back too.
            let batch = [bar(1, close: 555)] + (2..<50).map { bar($0) } + [bad] + (51..<60).map { bar($0) }
            do {
                try database.upsert(batch)
                Issue.record("expected a constraint error for \(bad)")
            } catch {
                #expect(error.code == .constraint)
                #expect(error.message.contains("at \(bad.time) ms"))
                #expect(error.hint != nil)
            }
            #expect(try database.count() == 2)
            #expect(try all(database).map(\.close) == [100, 100])
        }
    }

    @Test("bars stream in ascending time whatever the insertion order, filtered by series and inclusive range")
    func streamingOrder() throws {
        let database = try AppDatabase.inMemory()
        try database.upsert([bar(3), bar(1), bar(2), bar(0), bar(1, symbol: "ETHUSDT"), bar(1, interval: "5m")])
        #expect(try all(database).map(\.time) == (0...3).map { 1_704_067_200_000 + $0 * 60_000 })
        #expect(try all(database, from: 1_704_067_260_000, to: 1_704_067_320_000).map(\.time) == [1_704_067_260_000, 1_704_067_320_000])
        #expect(try all(database, symbol: "ETHUSDT").count == 1)
        #expect(try all(database, symbol: "NOPE").isEmpty)
        #expect(try database.count(symbol: "BTCUSDT", interval: "1m", from: 1_704_067_260_000) == 3)
        #expect(try database.count(interval: "5m") == 1)
    }

    @Test("an error thrown by the streaming closure stops the scan and reaches the caller unchanged")
    func closureErrorsPassThrough() throws {
        struct Stop: Error, Equatable {}
        let database = try AppDatabase.inMemory()
        try database.upsert((0..<10).map { bar($0) })
        var seen = 0
        #expect(throws: Stop()) {
            try database.forEachBar(symbol: "BTCUSDT", interval: "1m") { _ in
                seen += 1
                if seen == 3 { throw Stop() }
            }
        }
        #expect(seen == 3)
    }

    @Test("a fresh file is migrated, in WAL mode, and keeps its bars when opened again")
    func migrationsOnFreshFile() throws {
        let path = temporaryPath()
        do {
            let database = try AppDatabase.open(path: path)
            #expect(try database.appliedMigrations() == ["v1-bar", "v2-quality", "v3-series", "v4-decision", "v5-scenario"])
            try database.upsert([bar(0), bar(1)])
        }
        let reopened = try AppDatabase.open(path: path)
        #expect(try reopened.appliedMigrations() == ["v1-bar", "v2-quality", "v3-series", "v4-decision", "v5-scenario"])
        #expect(try reopened.count() == 2)
        let header = try Data(contentsOf: URL(fileURLWithPath: path)).prefix(20)
        // SQLite header bytes 18 and 19 are 2 in WAL mode (1 in rollback-journal mode).
        #expect(header[18] == 2 && header[19] == 2)
    }

    @Test("series lists each symbol and interval with its first and last time and row count")
    func seriesSummary() throws {
        let database = try AppDatabase.inMemory()
        #expect(try database.series().isEmpty)
        try database.upsert((0..<10).map { bar($0) } + [bar(4, symbol: "ETHUSDT"), bar(7, symbol: "ETHUSDT"), bar(0, interval: "1h")])
        #expect(try database.series() == [
            SeriesSummary(symbol: "BTCUSDT", interval: "1h", first: 1_704_067_200_000, last: 1_704_067_200_000, rows: 1),
            SeriesSummary(symbol: "BTCUSDT", interval: "1m", first: 1_704_067_200_000, last: 1_704_067_740_000, rows: 10),
            SeriesSummary(symbol: "ETHUSDT", interval: "1m", first: 1_704_067_440_000, last: 1_704_067_620_000, rows: 2),
        ])
    }

    @Test("opening a file that is not SQLite, or in a missing directory, is a StoreError naming the path")
    func openErrors() throws {
        let garbage = temporaryPath()
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: garbage))
        do {
            _ = try AppDatabase.open(path: garbage)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .corrupt)
            #expect(error.path == garbage)
            #expect(error.description.contains(garbage))
        }
        do {
            _ = try AppDatabase.open(path: "/nonexistent-dir/spark.db")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .open)
        }
    }

    @Test("a 200,000-row series imported in batches streams back every row once, in order")
    func streamingIsFlat() throws {
        let database = try AppDatabase.inMemory()
        var batch: [StoredBar] = []
        for minute in 0..<200_000 as Range<Int64> {
            batch.append(bar(minute))
            if batch.count == 50_000 {
                try database.upsert(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        var count = 0
        var last: Int64 = .min
        try database.forEachBar(symbol: "BTCUSDT", interval: "1m") { stored in
            #expect(stored.time > last)
            last = stored.time
            count += 1
        }
        #expect(count == 200_000)
    }
}
