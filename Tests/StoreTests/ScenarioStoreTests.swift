import Foundation
import Store
import Testing

@Suite("Sweep results")
struct ScenarioStoreTests {
    func scenario(_ key: String, status: String = "ok") -> StoredScenario {
        StoredScenario(
            key: key, strategy: "sma_cross", symbol: "BTCUSDT", period: "all", costs: "base", params: "{\"fast\":5}", status: status,
            error: status == "ok" ? nil : "boom", metricsJSON: status == "ok" ? "{\"trades\":3}" : nil, bars: 100, orders: 4, rejected: 1,
            runID: "abc", elapsedSeconds: 0.5, finishedAt: 1_700_000_000_000
        )
    }

    @Test("a saved scenario reads back whole, and saving the same key again keeps the first result")
    func saveOnce() throws {
        let database = try AppDatabase.inMemory()
        try database.saveScenario(scenario("k1"))
        var again = scenario("k1")
        again.bars = 999
        try database.saveScenario(again)
        let found = try database.scenarios(keys: ["k1", "missing"])
        #expect(found.count == 1)
        #expect(found["k1"] == scenario("k1"))
    }

    @Test("failed scenarios are kept with their error, and lookups of more keys than SQLite binds at once work")
    func failuresAndManyKeys() throws {
        let database = try AppDatabase.inMemory()
        try database.saveScenario(scenario("bad", status: "failed"))
        for index in 0..<1200 { try database.saveScenario(scenario("k\(index)")) }
        let keys = (0..<1200).map { "k\($0)" } + ["bad"]
        let found = try database.scenarios(keys: keys)
        #expect(found.count == 1201)
        #expect(found["bad"]?.error == "boom" && found["bad"]?.metricsJSON == nil)
    }
}
