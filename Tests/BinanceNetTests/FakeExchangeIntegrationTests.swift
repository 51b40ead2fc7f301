import Binance
import BinanceNet
import FakeBinance
import Foundation
import Testing

/// BinanceGateway against the fake exchange on loopback: the real wire formats on both sides.
@Suite(.serialized) struct FakeExchangeIntegrationTests {
    static let apiKey = "INTEGRATIONKEY"
    static let secret = "INTEGRATIONSECRET0123456789abcdefINTEGRATIONSECRET0123456789ab"

    /// A fake with one HMAC account and one Ed25519 account, and a gateway per account.
    struct Setup {
        let server: FakeBinanceServer
        let hmac: BinanceGateway
        let ed25519: BinanceGateway
    }

    static func start(silence: Duration = .seconds(60)) async throws -> Setup {
        let edSigner = try RequestSigner(ed25519PEM: SigningPEM.pem, source: "test")
        let publicDER = Data([0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00])
            + Data(base64Encoded: edSigner.ed25519PublicKeyBase64!)!
        let publicPEM = "-----BEGIN PUBLIC KEY-----\n\(publicDER.base64EncodedString())\n-----END PUBLIC KEY-----\n"
        let balances: [String: Decimal] = ["USDT": 100_000, "BTC": 2]
        let server = try await FakeBinanceServer.start(FakeBinanceConfig(accounts: [
            FakeAccountConfig(apiKey: apiKey, credential: .hmac(secret: secret), balances: balances),
            FakeAccountConfig(apiKey: "EDKEY", credential: try .ed25519(pem: publicPEM), balances: balances),
        ]))
        var configuration = BinanceGatewayConfiguration(restBaseURL: server.baseURL, webSocketAPIURL: server.webSocketAPIURL)
        configuration.silenceTimeout = silence
        // Generous: a starved full-suite run must not turn a slow answer into a timeout.
        configuration.requestTimeout = .seconds(30)
        configuration.streamPingInterval = .seconds(20)
        let hmac = BinanceGateway(configuration: configuration, credentials: BinanceCredentials(apiKey: apiKey, signer: RequestSigner(hmacSecret: secret)))
        let ed = BinanceGateway(configuration: configuration, credentials: BinanceCredentials(apiKey: "EDKEY", signer: edSigner))
        return Setup(server: server, hmac: hmac, ed25519: ed)
    }

    @Test func aTimedOutOrderIsAnUnknownOutcomeAndTheCallReturnsOnTime() async throws {
        let setup = try await Self.start()
        defer { Task { await setup.server.stop() } }
        var configuration = BinanceGatewayConfiguration(restBaseURL: setup.server.baseURL, webSocketAPIURL: setup.server.webSocketAPIURL)
        configuration.requestTimeout = .milliseconds(300)
        let gateway = BinanceGateway(configuration: configuration, credentials: BinanceCredentials(apiKey: Self.apiKey, signer: RequestSigner(hmacSecret: Self.secret)))
        // The 300 ms limit is for the delayed order. A starved CI run can miss it on the clock sync,
        // or sync over a slow round trip whose offset estimate (half the round trip) then refuses
        // the order locally as clock skew: sync until a round trip is quick.
        var synced = false
        for _ in 0..<50 where !synced {
            let started = ContinuousClock.now
            synced = (try? await gateway.syncClock()) != nil && ContinuousClock.now - started < .milliseconds(100)
            if !synced { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(synced, "a clock sync with a round trip under 100 ms within 50 tries")
        await setup.server.inject([FakeFault(.delayResponse, ms: 2_000)])
        let started = ContinuousClock.now
        do {
            _ = try await gateway.place(await Self.order(gateway, id: "sk1-it-0-5-o0"))
            Issue.record("an answer arrived through the delay")
        } catch {
            #expect(error.kind == .unknownOutcome)
        }
        // The answer comes at 2 s, so a gateway that waited for it fails above; this only guards a hang
        // (a starved CI machine has run a 0.4 s limit in 12 s).
        #expect(ContinuousClock.now - started < .seconds(30))
        // The fake answers the delayed order after 2 s and only then takes the next request: wait for it,
        // or the next order would reach it after its recvWindow.
        try await Task.sleep(for: .seconds(2))
        await setup.server.inject([FakeFault(.dropRequest)])
        do {
            _ = try await gateway.place(await Self.order(gateway, id: "sk1-it-0-6-o0"))
            Issue.record("an answer arrived for a dropped request")
        } catch {
            #expect(error.kind == .unknownOutcome)
        }
    }

    static func order(_ gateway: BinanceGateway, id: String, type: OrderType = .market, price: String? = nil) async -> NewOrder {
        NewOrder(
            symbol: "BTCUSDT", side: .buy, type: type, timeInForce: type == .limit ? .gtc : nil, quantity: "0.01", price: price,
            clientOrderID: id, timestamp: await gateway.exchangeNowMs())
    }

    @Test func placeQueryCancelOpenOrdersTradesAccountAndExchangeInfoWork() async throws {
        let setup = try await Self.start()
        defer { Task { await setup.server.stop() } }
        let gateway = setup.hmac
        _ = try await gateway.syncClock()
        let info = try await gateway.exchangeInfo(symbols: ["BTCUSDT"])
        #expect(info.rules(for: "BTCUSDT")?.tickSize != nil)
        #expect(!info.rateLimits.isEmpty)
        let firstOrderMs = await gateway.exchangeNowMs()
        let resting = try await gateway.place(await Self.order(gateway, id: "sk1-it-0-1-o0", type: .limit, price: "20000.00"))
        #expect(resting.status == .new && resting.clientOrderID == "sk1-it-0-1-o0")
        #expect(try await gateway.query(symbol: "BTCUSDT", clientOrderID: "sk1-it-0-1-o0").orderID == resting.orderID)
        #expect(try await gateway.openOrders(symbol: "BTCUSDT").map(\.clientOrderID) == ["sk1-it-0-1-o0"])
        let canceled = try await gateway.cancel(symbol: "BTCUSDT", clientOrderID: "sk1-it-0-1-o0")
        #expect(canceled.status == .canceled)
        await #expect(throws: GatewayError.self) { try await gateway.cancel(symbol: "BTCUSDT", clientOrderID: "sk1-it-0-1-o0") }
        do { _ = try await gateway.query(symbol: "BTCUSDT", clientOrderID: "sk1-it-0-9-o0") } catch { #expect(error.kind == .unknownOrder) }
        let filled = try await gateway.place(await Self.order(gateway, id: "sk1-it-0-2-o0"))
        #expect(filled.status == .filled && !filled.fills.isEmpty)
        let trades = try await gateway.trades(symbol: "BTCUSDT", fromID: nil)
        #expect(Set(trades.map(\.tradeID)) == Set(filled.fills.map(\.tradeID)))
        let account = try await gateway.account()
        #expect(account.balance("BTC").free != "2")
        let now = await gateway.exchangeNowMs()
        #expect(await gateway.rateLimits.used(.requestWeight, interval: .minute, intervalNum: 1, nowMs: now) > 0)
        // The exchange counts orders in fixed 10 s windows: both orders count only when no window
        // boundary fell between them (about one run in seven straddles one).
        let sameWindow = firstOrderMs / 10_000 == now / 10_000
        #expect(await gateway.rateLimits.used(.orders, interval: .second, intervalNum: 10, nowMs: now) >= (sameWindow ? 2 : 1))
    }

    @Test func aServerShutdownEndsTheUserStreamWithDisconnected() async throws {
        let setup = try await Self.start()
        defer { Task { await setup.server.stop() } }
        let events = try await setup.ed25519.userEvents()
        var iterator = events.makeAsyncIterator()
        #expect(await iterator.next() == .subscribed)
        await setup.server.inject([FakeFault(.serverShutdown)])
        guard case .disconnected(let reason)? = await iterator.next() else { Issue.record("no disconnection"); return }
        #expect(reason.contains("eventStreamTerminated") || reason.contains("closed"))
        #expect(await iterator.next() == nil)
    }

    @Test(arguments: [false, true]) func theUserStreamDeliversExecutionReports(ed25519: Bool) async throws {
        let setup = try await Self.start()
        defer { Task { await setup.server.stop() } }
        let gateway = ed25519 ? setup.ed25519 : setup.hmac
        let events = try await gateway.userEvents()
        var iterator = events.makeAsyncIterator()
        #expect(await iterator.next() == .subscribed)
        let filled = try await gateway.place(await Self.order(gateway, id: "sk1-it-0-3-o0"))
        var streamed: Set<Int64> = []
        var statuses: [OrderStatus] = []
        while streamed.count < filled.fills.count, let event = await iterator.next() {
            if case .execution(let report, _) = event {
                #expect(report.clientOrderID == "sk1-it-0-3-o0")
                statuses.append(report.status)
                streamed.formUnion(report.fills.map(\.tradeID))
            }
            if case .disconnected(let reason) = event { Issue.record("disconnected: \(reason)") }
        }
        #expect(streamed == Set(filled.fills.map(\.tradeID)))
        #expect(statuses.last == .filled)
    }

    @Test func aServerErrorIsAnUnknownOutcomeAnd429IsRateLimitedWithTheFakesRetryAfter() async throws {
        let setup = try await Self.start()
        defer { Task { await setup.server.stop() } }
        let gateway = setup.hmac
        await setup.server.inject([FakeFault(.status5xx, placed: false)])
        do {
            _ = try await gateway.place(await Self.order(gateway, id: "sk1-it-0-4-o0"))
            Issue.record("placed through a 5xx")
        } catch {
            #expect(error.kind == .unknownOutcome)
        }
        await setup.server.inject([FakeFault(.rateLimit, seconds: 7)])
        let before = await gateway.exchangeNowMs()
        do {
            _ = try await gateway.account()
            Issue.record("no 429")
        } catch {
            guard case .rateLimited(let until) = error.kind else { Issue.record("not rate limited: \(error)"); return }
            #expect(until >= before + 6_000 && until <= before + 9_000)
        }
        let requestsBefore = await setup.server.state().requests.count
        await #expect(throws: GatewayError.self) { try await gateway.openOrders(symbol: "BTCUSDT") }
        #expect(await setup.server.state().requests.count == requestsBefore)
    }

    @Test func clockSkewIsReportedThenTheResyncedClockWorks() async throws {
        let setup = try await Self.start()
        defer { Task { await setup.server.stop() } }
        let gateway = setup.hmac
        _ = try await gateway.syncClock()
        await setup.server.inject([FakeFault(.clockSkew, ms: 20_000)])
        do {
            _ = try await gateway.account()
            Issue.record("no -1021")
        } catch {
            #expect(error.kind == .clockSkew && error.code == -1021)
        }
        #expect(try await gateway.account().canTrade)
        #expect(abs((await gateway.clockSync.offsetMs ?? 0) - 20_000) < 2_000)
    }

    @Test func aUserStreamDroppedDuringFillsEndsWithDisconnected() async throws {
        let setup = try await Self.start()
        defer { Task { await setup.server.stop() } }
        let gateway = setup.hmac
        let events = try await gateway.userEvents()
        var iterator = events.makeAsyncIterator()
        #expect(await iterator.next() == .subscribed)
        await setup.server.inject([FakeFault(.dropUserStream)])
        _ = try await gateway.place(await Self.order(gateway, id: "sk1-it-0-7-o0"))
        var last: UserStreamEvent?
        while let event = await iterator.next() { last = event }
        guard case .disconnected? = last else { Issue.record("the stream did not end with a disconnection: \(String(describing: last))"); return }
    }

    @Test func aSilentStreamEndsWithDisconnected() async throws {
        let setup = try await Self.start(silence: .milliseconds(400))
        defer { Task { await setup.server.stop() } }
        let events = try await setup.hmac.userEvents()
        var iterator = events.makeAsyncIterator()
        #expect(await iterator.next() == .subscribed)
        await setup.server.inject([FakeFault(.silentStream)])
        guard case .disconnected? = await iterator.next() else { Issue.record("no disconnection"); return }
        #expect(await iterator.next() == nil)
    }
}
