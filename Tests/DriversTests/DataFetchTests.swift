import Drivers
import Foundation
import MarketFetch
import Store
import Testing
import DataOps

@Suite("Data fetch into the store")
struct DataFetchTests {
    static let start: Int64 = 1_704_067_200_000

    func fetch(_ market: FetchMarket, database: String, from: Int64 = start, to: Int64) async throws -> FetchSummary {
        var request = DataFetch.Request(databasePath: database, symbol: "BTCUSDT", interval: "1m", from: from, to: to)
        request.baseURL = market.baseURL
        return try await DataFetch.run(request, transport: market, now: { Self.start + 365 * 86_400_000 }, sleep: { _ in }, log: { _ in })
    }

    /// The fake exchange with closed 1m bars from the start to `last`.
    func market(last: Int64, banFrom: Int64? = nil) async throws -> FetchMarket {
        try await FetchMarket.start(from: Self.start, last: last, banFrom: banFrom)
    }

    @Test("a second fetch resumes after the last stored bar and adds only the new bars")
    func resume() async throws {
        let database = Paths.scratch("fetch") + "/spark.db"
        let early = try await market(last: Self.start + 1_499 * 60_000)
        let first = try await fetch(early, database: database, to: Self.start + 3_000 * 60_000)
        await early.stop()
        #expect(first.bars == 1_500)
        let later = try await market(last: Self.start + 1_999 * 60_000)
        let second = try await fetch(later, database: database, to: Self.start + 3_000 * 60_000)
        await later.stop()
        #expect(second.bars == 500)
        #expect(later.urls.first?.contains("startTime=\(Self.start + 1_500 * 60_000)") == true)
        #expect(try AppDatabase.open(path: database).count() == 2_000)
    }

    @Test("a fetch stopped by a ban keeps the pages already written, whole, and nothing else")
    func bannedMidway() async throws {
        let database = Paths.scratch("fetch") + "/spark.db"
        // The third page (from bar 2000) is banned.
        let banning = try await market(last: Self.start + 4_999 * 60_000, banFrom: Self.start + 2_000 * 60_000)
        await #expect(throws: FetchError.self) { _ = try await fetch(banning, database: database, to: Self.start + 4_999 * 60_000) }
        let answers = await banning.fake.state().requests.map(\.answeredStatus)
        await banning.stop()
        #expect(answers.filter { $0 == 418 }.count == 1 && answers.last == 418, "\(answers)")
        #expect(try AppDatabase.open(path: database).count() == 2_000)
    }

    @Test("--from after --to is refused before any request, and the store is unchanged")
    func reversedRange() async throws {
        let database = Paths.scratch("fetch") + "/spark.db"
        let stub = try await market(last: Self.start + 99 * 60_000)
        _ = try await fetch(stub, database: database, to: Self.start + 99 * 60_000)
        let before = stub.urls.count
        await #expect(throws: ConfigError.self) { _ = try await fetch(stub, database: database, from: Self.start + 60_000, to: Self.start) }
        await stub.stop()
        #expect(stub.urls.count == before)
        #expect(try AppDatabase.open(path: database).count() == 100)
    }

    @Test("an unknown interval is refused before any request")
    func unknownInterval() async throws {
        let stub = try await market(last: Self.start)
        defer { Task { await stub.stop() } }
        do {
            _ = try await DataFetch.run(
                DataFetch.Request(databasePath: Paths.scratch("fetch") + "/spark.db", symbol: "BTCUSDT", interval: "7m", from: Self.start, to: Self.start + 60_000),
                transport: stub, now: { Self.start }, sleep: { _ in }, log: { _ in }
            )
            Issue.record("expected an unknown-interval error")
        } catch {
            #expect("\(error)".contains("unknown interval '7m'"))
        }
        #expect(stub.urls.isEmpty)
    }
}

