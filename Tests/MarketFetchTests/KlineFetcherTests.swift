import Foundation
import MarketData
import MarketFetch
import SparkCore
import Testing

@Suite("Kline fetch against a fake Binance server", .serialized)
struct KlineFetcherTests {
    static let start: Int64 = 1_704_067_200_000
    static let minute = BarInterval("1m")!

    func fetcher(_ server: FakeBinance, now: Int64 = start + 365 * 86_400_000, sleeps: SleepLog = SleepLog(), attempts: Int = 4, timeout: Double = 5) -> KlineFetcher {
        var policy = FetchPolicy()
        policy.maxAttempts = attempts
        return KlineFetcher(
            transport: URLSessionTransport(timeoutSeconds: timeout), baseURL: server.baseURL, policy: policy,
            now: { now }, sleep: { sleeps.sleep($0) }
        )
    }

    /// A server with bars every minute up to `last`, with 1000-bar pages.
    func market(last: Int64 = start + 2_499 * 60_000, before: (@Sendable ([String: String], Int) -> FakeBinance.Reply?)? = nil) throws -> FakeBinance {
        try FakeBinance { query, number in
            if let reply = before?(query, number) { return reply }
            let from = Int64(query["startTime"] ?? "") ?? 0
            let to = min(Int64(query["endTime"] ?? "") ?? Int64.max, last)
            let limit = Int(query["limit"] ?? "") ?? 500
            return .response(status: 200, body: FakeBinance.klines(from: from, to: to, limit: limit))
        }
    }

    func collect(_ fetcher: KlineFetcher, from: Int64 = start, to: Int64) async throws -> (bars: [Bar], summary: FetchSummary) {
        var bars: [Bar] = []
        let summary = try await fetcher.fetch(symbol: "BTCUSDT", interval: Self.minute, from: from, to: to) { bars += $0 }
        return (bars, summary)
    }

    @Test("pages of 1000 are requested in order until the range is covered")
    func pagination() async throws {
        let server = try market()
        defer { server.stop() }
        let (bars, summary) = try await collect(fetcher(server), to: Self.start + 2_499 * 60_000)
        #expect(bars.count == 2_500)
        #expect(Set(bars.map(\.time)).count == 2_500)
        #expect(bars.last?.time == Self.start + 2_499 * 60_000)
        #expect(summary.requests == 3)
        let queries = server.queries
        #expect(queries.map { $0["path"] } == ["/api/v3/klines", "/api/v3/klines", "/api/v3/klines"])
        #expect(queries.map { $0["limit"] } == ["1000", "1000", "1000"])
        #expect(queries[1]["startTime"] == String(Self.start + 1_000 * 60_000))
        #expect(queries[0]["symbol"] == "BTCUSDT" && queries[0]["interval"] == "1m")
    }

    @Test("the still-open last candle (close time after now) is dropped")
    func openCandle() async throws {
        let server = try market()
        defer { server.stop() }
        // Now is 30 s into minute 99: bar 99 is still open.
        let now = Self.start + 99 * 60_000 + 30_000
        let (bars, summary) = try await collect(fetcher(server, now: now), to: Self.start + 2_000 * 60_000)
        #expect(bars.count == 99)
        #expect(summary.droppedOpenCandle)
    }

    @Test("an empty page ends the fetch")
    func emptyPage() async throws {
        let server = try market(last: Self.start - 1)
        defer { server.stop() }
        let (bars, summary) = try await collect(fetcher(server), to: Self.start + 10_000 * 60_000)
        #expect(bars.isEmpty)
        #expect(summary.requests == 1)
    }

    @Test("HTTP 429 waits for Retry-After, then the page is fetched again")
    func rateLimited() async throws {
        let server = try market { _, number in number == 1 ? .response(status: 429, body: "{}", headers: ["Retry-After": "7"]) : nil }
        defer { server.stop() }
        let sleeps = SleepLog()
        let (bars, summary) = try await collect(fetcher(server, sleeps: sleeps), to: Self.start + 9 * 60_000)
        #expect(bars.count == 10)
        #expect(summary.retries == 1)
        #expect(sleeps.seconds == [7])
    }

    @Test("persistent 429s give up with a rate-limit error after the retry budget")
    func rateLimitedForever() async throws {
        let server = try FakeBinance { _, _ in .response(status: 429, body: "{}") }
        defer { server.stop() }
        let sleeps = SleepLog()
        await #expect(throws: FetchError.self) { _ = try await collect(fetcher(server, sleeps: sleeps, attempts: 3), to: Self.start + 60_000) }
        #expect(server.queries.count == 3)
        #expect(sleeps.seconds == [0.5, 1.0], "exponential back-off without Retry-After")
    }

    @Test("HTTP 418 stops at once with a ban message, without retrying")
    func banned() async throws {
        let server = try FakeBinance { _, _ in .response(status: 418, body: "{}", headers: ["Retry-After": "120"]) }
        defer { server.stop() }
        do {
            _ = try await collect(fetcher(server), to: Self.start + 60_000)
            Issue.record("expected a ban")
        } catch let error as FetchError {
            #expect(error.code == .banned)
            #expect(error.message.contains("banned") && error.message.contains("120"))
        }
        #expect(server.queries.count == 1)
    }

    @Test("server errors are retried with back-off and the fetch completes")
    func serverErrors() async throws {
        let server = try market { _, number in number <= 2 ? .response(status: 503, body: "busy") : nil }
        defer { server.stop() }
        let sleeps = SleepLog()
        let (bars, summary) = try await collect(fetcher(server, sleeps: sleeps), to: Self.start + 9 * 60_000)
        #expect(bars.count == 10)
        #expect(summary.retries == 2)
        #expect(sleeps.seconds == [0.5, 1.0])
    }

    @Test("server errors beyond the retry budget fail with a transport error naming the request")
    func serverErrorsForever() async throws {
        let server = try FakeBinance { _, _ in .response(status: 502, body: "bad gateway") }
        defer { server.stop() }
        do {
            _ = try await collect(fetcher(server, attempts: 2), to: Self.start + 60_000)
            Issue.record("expected a failure")
        } catch let error as FetchError {
            #expect(error.code == .transport)
            #expect(error.message.contains("HTTP 502"))
            #expect(error.url?.contains("/api/v3/klines?symbol=BTCUSDT") == true)
        }
    }

    @Test("a dropped connection is retried")
    func droppedConnection() async throws {
        let server = try market { _, number in number == 1 ? .drop : nil }
        defer { server.stop() }
        let (bars, summary) = try await collect(fetcher(server), to: Self.start + 9 * 60_000)
        #expect(bars.count == 10)
        #expect(summary.retries == 1)
    }

    @Test("a request that times out is retried")
    func timeout() async throws {
        let server = try market { _, number in
            if number == 1 { Thread.sleep(forTimeInterval: 1.5) }
            return nil
        }
        defer { server.stop() }
        let (bars, summary) = try await collect(fetcher(server, timeout: 0.3), to: Self.start + 9 * 60_000)
        #expect(bars.count == 10)
        #expect(summary.retries == 1)
    }

    @Test("malformed JSON is retried, then reported as malformed when it persists")
    func malformed() async throws {
        let flaky = try market { _, number in number == 1 ? .response(status: 200, body: "[[1704067200000,\"1\"") : nil }
        let (bars, _) = try await collect(fetcher(flaky), to: Self.start + 9 * 60_000)
        flaky.stop()
        #expect(bars.count == 10)
        let broken = try FakeBinance { _, _ in .response(status: 200, body: "{\"not\": \"klines\"}") }
        defer { broken.stop() }
        do {
            _ = try await collect(fetcher(broken, attempts: 2), to: Self.start + 60_000)
            Issue.record("expected a failure")
        } catch let error as FetchError {
            #expect(error.message.contains("malformed"))
        }
    }

    @Test("an unknown symbol is refused by Binance (HTTP 400, code -1121) and reported with a hint")
    func unknownSymbol() async throws {
        let server = try FakeBinance { _, _ in .response(status: 400, body: "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}") }
        defer { server.stop() }
        do {
            _ = try await collect(fetcher(server), to: Self.start + 60_000)
            Issue.record("expected a rejection")
        } catch let error as FetchError {
            #expect(error.code == .rejected)
            #expect(error.message.contains("Invalid symbol."))
            #expect(error.hint?.contains("unknown symbol") == true)
        }
        #expect(server.queries.count == 1)
    }

    @Test("a used weight near the limit pauses until the next minute")
    func weightPause() async throws {
        let server = try market { query, _ in
            let from = Int64(query["startTime"] ?? "") ?? 0
            return .response(status: 200, body: FakeBinance.klines(from: from, to: from + 9 * 60_000, limit: 10), headers: ["X-MBX-USED-WEIGHT-1M": "5000"])
        }
        defer { server.stop() }
        let sleeps = SleepLog()
        let now = Self.start + 3_000 * 60_000 + 45_000
        _ = try await collect(fetcher(server, now: now, sleeps: sleeps), to: Self.start + 9 * 60_000)
        #expect(sleeps.seconds == [15])
    }

    @Test("--from after --to and a malformed symbol are refused before any request")
    func badFlags() async throws {
        let server = try market()
        defer { server.stop() }
        await #expect(throws: FetchError.self) { _ = try await collect(fetcher(server), from: Self.start + 60_000, to: Self.start) }
        await #expect(throws: FetchError.self) {
            _ = try await fetcher(server).fetch(symbol: "btc-usdt", interval: Self.minute, from: Self.start, to: Self.start + 60_000) { _ in }
        }
        #expect(server.queries.isEmpty)
    }
}
