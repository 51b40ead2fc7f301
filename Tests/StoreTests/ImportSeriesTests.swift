import Foundation
import Store
import Testing

@Suite("Series import and quality results")
struct ImportSeriesTests {
    struct Stop: Error {}

    let start: Int64 = 1_704_067_200_000

    func fill(_ database: AppDatabase, _ minutes: Range<Int64>, close: Double = 100) throws {
        try database.importSeries(symbol: "BTCUSDT", interval: "1m") { writer in
            for minute in minutes {
                try writer.write(time: start + minute * 60_000, open: 100, high: 101, low: 99, close: close, volume: 1)
            }
        }
    }

    @Test("migrations are versioned: the bar table, then the quality results")
    func migrations() throws {
        #expect(try AppDatabase.inMemory().appliedMigrations() == ["v1-bar", "v2-quality", "v3-series", "v4-decision", "v5-scenario"])
    }

    @Test("an import writes all rows, and importing them again changes nothing")
    func idempotent() throws {
        let database = try AppDatabase.inMemory()
        try fill(database, 0..<500)
        try fill(database, 0..<500)
        #expect(try database.count() == 500)
        #expect(try database.lastTime(symbol: "BTCUSDT", interval: "1m") == start + 499 * 60_000)
        #expect(try database.lastTime(symbol: "ETHUSDT", interval: "1m") == nil)
    }

    @Test("an error thrown mid-import rolls back every row of it, updates included")
    func rollback() throws {
        let database = try AppDatabase.inMemory()
        try fill(database, 0..<10)
        #expect(throws: Stop.self) {
            try database.importSeries(symbol: "BTCUSDT", interval: "1m") { writer in
                for minute: Int64 in 0..<100 {
                    try writer.write(time: start + minute * 60_000, open: 100, high: 101, low: 99, close: 555, volume: 1)
                }
                throw Stop()
            }
        }
        #expect(try database.count() == 10)
        var closes: [Double] = []
        try database.forEachBar(symbol: "BTCUSDT", interval: "1m") { closes.append($0.close) }
        #expect(closes == Array(repeating: 100, count: 10))
    }

    @Test("a bar the store refuses (high below low) names the bar and rolls back the import")
    func constraint() throws {
        let database = try AppDatabase.inMemory()
        do {
            try database.importSeries(symbol: "BTCUSDT", interval: "1m") { writer in
                try writer.write(time: start, open: 100, high: 101, low: 99, close: 100, volume: 1)
                try writer.write(time: start + 60_000, open: 100, high: 98, low: 99, close: 100, volume: 1)
            }
            Issue.record("expected a constraint error")
        } catch let error as StoreError {
            #expect(error.code == .constraint)
            #expect(error.message.contains("at \(start + 60_000) ms"))
        }
        #expect(try database.count() == 0)
    }

    @Test("a saved quality result is read back, and the next import into the series deletes it")
    func qualityResult() throws {
        let database = try AppDatabase.inMemory()
        try fill(database, 0..<10)
        let saved = StoredQuality(symbol: "BTCUSDT", interval: "1m", checkedRows: 10, failedFatal: ["ohlc", "prices"], resultJSON: "{}")
        try database.saveQuality(saved)
        #expect(try database.quality(symbol: "BTCUSDT", interval: "1m") == saved)
        try fill(database, 10..<20)
        #expect(try database.quality(symbol: "BTCUSDT", interval: "1m") == nil)
    }
}
