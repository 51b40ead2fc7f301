import Drivers
import Foundation
import MarketFetch
import Store
import Testing

/// Serves 1m klines up to `last` and can fail one request with a status; records requests.
final class StubBinance: HTTPTransport, @unchecked Sendable {
    let last: Int64
    let failAt: Int?
    private let lock = NSLock()
    private var _urls: [String] = []
    var urls: [String] { lock.withLock { _urls } }

    init(last: Int64, failAt: Int? = nil) {
        self.last = last
        self.failAt = failAt
    }

    func get(_ url: String) async throws -> HTTPResponse {
        let number = lock.withLock {
            _urls.append(url)
            return _urls.count
        }
        if number == failAt { return HTTPResponse(status: 418, headers: [:], body: []) }
        func parameter(_ name: String) -> Int64 {
            let part = url.split(separator: "&").first { $0.hasPrefix(name + "=") || $0.contains("?" + name + "=") }
            return Int64(part?.split(separator: "=").last ?? "") ?? 0
        }
        var rows: [String] = []
        var time = parameter("startTime")
        while time <= min(parameter("endTime"), last), rows.count < 1000 {
            rows.append("[\(time),\"10\",\"11\",\"9\",\"10.5\",\"1\",\(time + 59_999),\"0\",1,\"0\",\"0\",\"0\"]")
            time += 60_000
        }
        return HTTPResponse(status: 200, headers: [:], body: Array(("[" + rows.joined(separator: ",") + "]").utf8))
    }
}

@Suite("Data fetch into the store")
struct DataFetchTests {
    static let start: Int64 = 1_704_067_200_000

    func fetch(_ transport: StubBinance, database: String, from: Int64 = start, to: Int64) async throws -> FetchSummary {
        try await DataFetch.run(
            DataFetch.Request(databasePath: database, symbol: "BTCUSDT", interval: "1m", from: from, to: to),
            transport: transport, now: { Self.start + 365 * 86_400_000 }, sleep: { _ in }, log: { _ in }
        )
    }

    @Test("a second fetch resumes after the last stored bar and adds only the new bars")
    func resume() async throws {
        let database = Paths.scratch("fetch") + "/spark.db"
        let first = try await fetch(StubBinance(last: Self.start + 1_499 * 60_000), database: database, to: Self.start + 3_000 * 60_000)
        #expect(first.bars == 1_500)
        let later = StubBinance(last: Self.start + 1_999 * 60_000)
        let second = try await fetch(later, database: database, to: Self.start + 3_000 * 60_000)
        #expect(second.bars == 500)
        #expect(later.urls.first?.contains("startTime=\(Self.start + 1_500 * 60_000)") == true)
        #expect(try AppDatabase.open(path: database).count() == 2_000)
    }

    @Test("a fetch stopped by a ban keeps the pages already written, whole, and nothing else")
    func bannedMidway() async throws {
        let database = Paths.scratch("fetch") + "/spark.db"
        let stub = StubBinance(last: Self.start + 4_999 * 60_000, failAt: 3)
        await #expect(throws: FetchError.self) { _ = try await fetch(stub, database: database, to: Self.start + 4_999 * 60_000) }
        #expect(try AppDatabase.open(path: database).count() == 2_000)
    }

    @Test("--from after --to is refused before any request, and the store is unchanged")
    func reversedRange() async throws {
        let database = Paths.scratch("fetch") + "/spark.db"
        _ = try await fetch(StubBinance(last: Self.start + 99 * 60_000), database: database, to: Self.start + 99 * 60_000)
        let stub = StubBinance(last: Self.start)
        await #expect(throws: ConfigError.self) { _ = try await fetch(stub, database: database, from: Self.start + 60_000, to: Self.start) }
        #expect(stub.urls.isEmpty)
        #expect(try AppDatabase.open(path: database).count() == 100)
    }

    @Test("an unknown interval is refused before any request")
    func unknownInterval() async throws {
        let stub = StubBinance(last: Self.start)
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

