import Foundation
import FakeBinance
import MarketData
import MarketFetch
import SparkCore
import Testing

@Suite("Kline fetch against the fake Binance exchange", .serialized)
struct KlineFetcherTests {
    static let start: Int64 = 1_704_067_200_000
    static let minute = BarInterval("1m")!
    static let later = start + 365 * 86_400_000

    /// A fetcher through `market`; each wait is logged and moves the fake's clock by as much.
    func fetcher(_ market: KlineMarket, now: Int64 = later, sleeps: SleepLog = SleepLog(), attempts: Int = 4, weightLimit: Int = 6_000) -> KlineFetcher {
        var policy = FetchPolicy()
        policy.maxAttempts = attempts
        policy.weightLimit = weightLimit
        let fake = market.fake
        return KlineFetcher(
            transport: market, baseURL: market.baseURL, policy: policy, now: { now },
            sleep: { seconds in
                sleeps.sleep(seconds)
                await fake.advanceClock(ms: Int64(seconds * 1000))
            }
        )
    }

    /// The fake with bars every minute up to `last`, its clock at `now`.
    func market(last: Int64 = start + 2_499 * 60_000, now: Int64 = later, timeout: Double = 60, withheldMs: Int = 30_000, faults: [FakeFault] = []) async throws -> KlineMarket {
        let market = try await KlineMarket.start(first: Self.start, last: last, now: now, timeout: timeout, withheldMs: withheldMs)
        await market.fake.inject(faults)
        return market
    }

    /// A request fault on the klines endpoint.
    static func klines(_ kind: FakeFault.Kind, count: Int = 1, ms: Int = 0) -> FakeFault {
        FakeFault(kind, count: count, ms: ms, path: "/api/v3/klines", method: "GET")
    }

    func collect(_ fetcher: KlineFetcher, from: Int64 = start, to: Int64) async throws -> (bars: [Bar], summary: FetchSummary) {
        var bars: [Bar] = []
        let summary = try await fetcher.fetch(symbol: "BTCUSDT", interval: Self.minute, from: from, to: to) { bars += $0 }
        return (bars, summary)
    }

    @Test("pages of 1000 are requested in order until the range is covered")
    func pagination() async throws {
        let server = try await market()
        let (bars, summary) = try await collect(fetcher(server), to: Self.start + 2_499 * 60_000)
        await server.stop()
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
        let server = try await market(last: Self.start + 199 * 60_000)
        // Now is 30 s into minute 99: bar 99 is still open.
        let now = Self.start + 99 * 60_000 + 30_000
        let (bars, summary) = try await collect(fetcher(server, now: now), to: Self.start + 2_000 * 60_000)
        await server.stop()
        #expect(bars.count == 99)
        #expect(summary.droppedOpenCandle)
    }

    @Test("an empty page ends the fetch")
    func emptyPage() async throws {
        let server = try await market(last: Self.start - 1)
        let (bars, summary) = try await collect(fetcher(server), to: Self.start + 10_000 * 60_000)
        await server.stop()
        #expect(bars.isEmpty)
        #expect(summary.requests == 1)
    }

    @Test("HTTP 429 waits for Retry-After, then the page is fetched again, never inside the window")
    func rateLimited() async throws {
        let server = try await market(last: Self.start + 9 * 60_000, faults: [FakeFault(.rateLimit, seconds: 7)])
        let sleeps = SleepLog()
        let (bars, summary) = try await collect(fetcher(server, sleeps: sleeps), to: Self.start + 9 * 60_000)
        let state = await server.fake.state()
        await server.stop()
        #expect(bars.count == 10)
        #expect(summary.retries == 1)
        #expect(sleeps.seconds == [7])
        #expect(state.requests.map(\.answeredStatus) == [429, 200])
        #expect(state.refusedRequests.isEmpty, "a request inside the Retry-After window would be refused with 418")
    }

    @Test("persistent 429s give up with a rate-limit error after the retry budget, each wait as long as Retry-After")
    func rateLimitedForever() async throws {
        let server = try await market(faults: [FakeFault(.rateLimit, count: 3, seconds: 2)])
        let sleeps = SleepLog()
        await #expect(throws: FetchError.self) { _ = try await collect(fetcher(server, sleeps: sleeps, attempts: 3), to: Self.start + 60_000) }
        let state = await server.fake.state()
        await server.stop()
        #expect(server.urls.count == 3)
        #expect(sleeps.seconds == [2, 2])
        #expect(state.refusedRequests.isEmpty)
    }

    @Test("HTTP 418 stops at once with a ban message, without retrying")
    func banned() async throws {
        let server = try await market(faults: [FakeFault(.ban, seconds: 120)])
        do {
            _ = try await collect(fetcher(server), to: Self.start + 60_000)
            Issue.record("expected a ban")
        } catch let error as FetchError {
            #expect(error.code == .banned)
            #expect(error.message.contains("banned") && error.message.contains("120"))
        }
        await server.stop()
        #expect(server.urls.count == 1)
    }

    @Test("server errors are retried with back-off and the fetch completes")
    func serverErrors() async throws {
        let server = try await market(last: Self.start + 9 * 60_000, faults: [Self.klines(.status5xx, count: 2)])
        let sleeps = SleepLog()
        let (bars, summary) = try await collect(fetcher(server, sleeps: sleeps), to: Self.start + 9 * 60_000)
        await server.stop()
        #expect(bars.count == 10)
        #expect(summary.retries == 2)
        #expect(sleeps.seconds == [0.5, 1.0])
    }

    @Test("server errors beyond the retry budget fail with a transport error naming the request")
    func serverErrorsForever() async throws {
        let server = try await market(faults: [Self.klines(.status5xx, count: 2)])
        do {
            _ = try await collect(fetcher(server, attempts: 2), to: Self.start + 60_000)
            Issue.record("expected a failure")
        } catch let error as FetchError {
            #expect(error.code == .transport)
            #expect(error.message.contains("HTTP 503"))
            #expect(error.url?.contains("/api/v3/klines?symbol=BTCUSDT") == true)
        }
        await server.stop()
    }

    @Test("a request the server drops without answering is retried")
    func droppedRequest() async throws {
        let server = try await market(last: Self.start + 9 * 60_000, timeout: 2, withheldMs: 8_000, faults: [Self.klines(.dropRequest)])
        let (bars, summary) = try await collect(fetcher(server), to: Self.start + 9 * 60_000)
        await server.stop()
        #expect(bars.count == 10)
        #expect(summary.retries == 1)
    }

    @Test("a request that times out is retried")
    func timeout() async throws {
        let server = try await market(last: Self.start + 9 * 60_000, timeout: 1, faults: [Self.klines(.delayResponse, ms: 4_000)])
        let (bars, summary) = try await collect(fetcher(server), to: Self.start + 9 * 60_000)
        await server.stop()
        #expect(bars.count == 10)
        #expect(summary.retries == 1)
    }

    @Test("malformed JSON is retried, then reported as malformed when it persists")
    func malformed() async throws {
        let flaky = try await market(last: Self.start + 9 * 60_000, faults: [Self.klines(.malformedResponse)])
        let (bars, summary) = try await collect(fetcher(flaky), to: Self.start + 9 * 60_000)
        await flaky.stop()
        #expect(bars.count == 10 && summary.retries == 1)
        let broken = try await market(faults: [Self.klines(.malformedResponse, count: 2)])
        do {
            _ = try await collect(fetcher(broken, attempts: 2), to: Self.start + 60_000)
            Issue.record("expected a failure")
        } catch let error as FetchError {
            #expect(error.message.contains("malformed"))
        }
        await broken.stop()
    }

    @Test("an unknown symbol is refused by Binance (HTTP 400, code -1121) and reported with a hint")
    func unknownSymbol() async throws {
        let server = try await KlineMarket.start(first: Self.start, last: Self.start - 1, now: Self.later, symbols: [])
        do {
            _ = try await collect(fetcher(server), to: Self.start + 60_000)
            Issue.record("expected a rejection")
        } catch let error as FetchError {
            #expect(error.code == .rejected)
            #expect(error.message.contains("Invalid symbol."))
            #expect(error.hint?.contains("unknown symbol") == true)
        }
        await server.stop()
        #expect(server.urls.count == 1)
    }

    @Test("a used weight near the limit pauses until the next minute")
    func weightPause() async throws {
        let server = try await market(last: Self.start + 9 * 60_000)
        let sleeps = SleepLog()
        let now = Self.start + 3_000 * 60_000 + 45_000
        // One klines request weighs 2 on the fake: at a limit of 2 the first answer is past 80%.
        _ = try await collect(fetcher(server, now: now, sleeps: sleeps, weightLimit: 2), to: Self.start + 9 * 60_000)
        await server.stop()
        #expect(sleeps.seconds == [15])
    }

    @Test("--from after --to and a malformed symbol are refused before any request")
    func badFlags() async throws {
        let server = try await market(last: Self.start)
        await #expect(throws: FetchError.self) { _ = try await collect(fetcher(server), from: Self.start + 60_000, to: Self.start) }
        await #expect(throws: FetchError.self) {
            _ = try await fetcher(server).fetch(symbol: "btc-usdt", interval: Self.minute, from: Self.start, to: Self.start + 60_000) { _ in }
        }
        let requests = await server.fake.state().requests
        await server.stop()
        #expect(server.urls.isEmpty && requests.isEmpty)
    }
}
