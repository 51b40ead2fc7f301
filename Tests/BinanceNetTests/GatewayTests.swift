import Binance
import BinanceNet
import Foundation
import Testing

@Suite struct GatewayTests {
    static let base = "http://exchange.test"
    static let secret = "GATEWAYTESTSECRET0123456789abcdefGATEWAYTESTSECRET0123456789ab"
    static let order = """
        {"symbol": "BTCUSDT", "orderId": 28, "orderListId": -1, "clientOrderId": "sk1-a-0-1-o0", "transactTime": 1507725176595,
         "price": "0", "origQty": "1", "executedQty": "1", "cummulativeQuoteQty": "4000", "status": "FILLED", "timeInForce": "GTC",
         "type": "MARKET", "side": "BUY", "fills": [{"price": "4000", "qty": "1", "commission": "0", "commissionAsset": "USDT", "tradeId": 56}]}
        """

    static func gateway(
        _ transport: ScriptedTransport, clock: ManualClock, timeout: Duration = .seconds(5), log: RecordLog = RecordLog()
    ) -> BinanceGateway {
        BinanceGateway(
            configuration: BinanceGatewayConfiguration(restBaseURL: base, webSocketAPIURL: "ws://unused", requestTimeout: timeout),
            credentials: BinanceCredentials(apiKey: "APIKEY", signer: RequestSigner(hmacSecret: secret)), transport: transport, clock: clock,
            observer: log.add)
    }

    /// Answers time with `serverTime` and everything else with `answer`.
    static func script(serverTime: Int64, _ answer: @escaping @Sendable (BinanceHTTPRequest) async throws(TransportFailure) -> BinanceHTTPResponse) -> ScriptedTransport {
        ScriptedTransport { request throws(TransportFailure) in
            if request.url.hasPrefix(base + "/api/v3/time") { return .json(#"{"serverTime": \#(serverTime)}"#) }
            return try await answer(request)
        }
    }

    static func newOrder(timestamp: Int64) -> NewOrder {
        NewOrder(symbol: "BTCUSDT", side: .buy, type: .market, quantity: "1", clientOrderID: "sk1-a-0-1-o0", recvWindow: 5000, timestamp: timestamp)
    }

    @Test func anOrderIsSignedWithItsJournaledTimestampAndParsed() async throws {
        let transport = Self.script(serverTime: 1_000_000) { _ in .json(Self.order, headers: ["X-MBX-ORDER-COUNT-10S": "1"]) }
        let gateway = Self.gateway(transport, clock: ManualClock(1_000_000))
        let report = try await gateway.place(Self.newOrder(timestamp: 999_999))
        #expect(report.fills.map(\.tradeID) == [56])
        #expect(transport.paths == ["/api/v3/time", "/api/v3/order"])
        let post = transport.requests[1]
        #expect(post.method == "POST" && post.headers["X-MBX-APIKEY"] == "APIKEY")
        let items = queryItems(post)
        #expect(items.map(\.0) == ["symbol", "side", "type", "quantity", "newClientOrderId", "newOrderRespType", "recvWindow", "timestamp", "signature"])
        #expect(items.first { $0.0 == "timestamp" }?.1 == "999999")
        let query = String(post.url.split(separator: "?")[1])
        let payload = String(query[..<query.range(of: "&signature=")!.lowerBound])
        #expect(items.last?.1 == RequestSigner(hmacSecret: Self.secret).signature(of: payload))
    }

    @Test func queriesAreStampedWithTheSyncedExchangeClock() async throws {
        let transport = Self.script(serverTime: 1_003_000) { _ in .json(Self.order) }
        let gateway = Self.gateway(transport, clock: ManualClock(1_000_000))
        _ = try await gateway.query(symbol: "BTCUSDT", clientOrderID: "sk1-a-0-1-o0")
        #expect(await gateway.clockSync.offsetMs == 3_000)
        #expect(queryItems(transport.requests[1]).first { $0.0 == "timestamp" }?.1 == "1003000")
        #expect(transport.requests[1].method == "GET")
    }

    @Test func serverErrorsAndTimeoutsAreUnknownOutcomesAndRefusedConnectionsUnreachable() async throws {
        let fiveHundred = Self.gateway(Self.script(serverTime: 1) { _ in .json("", status: 503) }, clock: ManualClock(1))
        await #expect(throws: GatewayError(.unknownOutcome, message: "HTTP 503", httpStatus: 503)) { try await fiveHundred.place(Self.newOrder(timestamp: 1)) }
        let slow = Self.gateway(Self.script(serverTime: 1) { _ in
            try? await Task.sleep(for: .seconds(5))
            return .json(Self.order)
        }, clock: ManualClock(1), timeout: .milliseconds(50))
        do {
            _ = try await slow.cancel(symbol: "BTCUSDT", clientOrderID: "x")
            Issue.record("a slow cancel returned")
        } catch {
            #expect(error.kind == .unknownOutcome)
        }
        let refused = Self.gateway(Self.script(serverTime: 1) { _ throws(TransportFailure) in throw TransportFailure(.notSent, "refused") }, clock: ManualClock(1))
        do {
            _ = try await refused.openOrders(symbol: "BTCUSDT")
            Issue.record("no error")
        } catch {
            #expect(error.kind == .unreachable && error.notPlaced)
        }
        let garbled = Self.gateway(Self.script(serverTime: 1) { _ in .json("{\"orderId\": 1}") }, clock: ManualClock(1))
        await #expect(throws: GatewayError.self) { try await garbled.place(Self.newOrder(timestamp: 1)) }
        do { _ = try await garbled.place(Self.newOrder(timestamp: 1)) } catch { #expect(error.kind == .unknownOutcome) }
    }

    @Test func a429StopsEveryRequestUntilRetryAfter() async throws {
        let transport = Self.script(serverTime: 1_000_000) { _ in
            .json(#"{"code": -1003, "msg": "Too many requests."}"#, status: 429, headers: ["Retry-After": "3"])
        }
        let clock = ManualClock(1_000_000)
        let gateway = Self.gateway(transport, clock: clock)
        do {
            _ = try await gateway.account()
            Issue.record("no error")
        } catch {
            #expect(error.kind == .rateLimited(until: 1_003_000))
        }
        let sent = transport.requests.count
        clock.advance(2_999)
        do {
            _ = try await gateway.cancel(symbol: "BTCUSDT", clientOrderID: "x")
            Issue.record("no error")
        } catch {
            #expect(error.kind == .rateLimited(until: 1_003_000))
        }
        #expect(transport.requests.count == sent)
        clock.advance(1)
        await #expect(throws: GatewayError.self) { try await gateway.account() }
        #expect(transport.requests.count == sent + 1)
    }

    @Test func clockSkewForgetsTheOffsetSoTheNextCallResyncs() async throws {
        let transport = Self.script(serverTime: 1_000_000) { request in
            request.url.contains("/api/v3/account") ? .json(#"{"code": -1021, "msg": "Timestamp outside recvWindow."}"#, status: 400)
                : .json("[]")
        }
        let gateway = Self.gateway(transport, clock: ManualClock(1_000_000))
        do {
            _ = try await gateway.account()
            Issue.record("no error")
        } catch {
            #expect(error.kind == .clockSkew && error.code == -1021)
        }
        #expect(try await gateway.openOrders(symbol: "BTCUSDT").isEmpty)
        #expect(transport.paths == ["/api/v3/time", "/api/v3/account", "/api/v3/time", "/api/v3/openOrders"])
    }

    @Test func newOrdersAreRefusedLocallyWhenTheClockIsTooFarOff() async throws {
        let transport = Self.script(serverTime: 1_010_000) { _ in .json(Self.order) }
        let gateway = Self.gateway(transport, clock: ManualClock(1_000_000))
        do {
            _ = try await gateway.place(Self.newOrder(timestamp: 1_010_000))
            Issue.record("placed")
        } catch {
            #expect(error.kind == .clockSkew && error.notPlaced)
        }
        #expect(!transport.paths.contains("/api/v3/order"))
        _ = try await gateway.cancel(symbol: "BTCUSDT", clientOrderID: "sk1-a-0-1-o0")
    }

    @Test func exchangeInfoLimitsKeepAReserveForCancels() async throws {
        let info = #"{"serverTime": 1, "rateLimits": [{"rateLimitType": "ORDERS", "interval": "SECOND", "intervalNum": 10, "limit": 5}], "symbols": []}"#
        let transport = Self.script(serverTime: 1_000_000) { request in request.url.contains("exchangeInfo") ? .json(info) : .json(Self.order) }
        let gateway = Self.gateway(transport, clock: ManualClock(1_000_000))
        _ = try await gateway.exchangeInfo(symbols: ["BTCUSDT", "ETHUSDT"])
        #expect(queryItems(transport.requests[0]).first?.1 == #"["BTCUSDT","ETHUSDT"]"#)
        for _ in 0..<4 { _ = try await gateway.place(Self.newOrder(timestamp: 1_000_000)) }
        await #expect(throws: GatewayError.self) { try await gateway.place(Self.newOrder(timestamp: 1_000_000)) }
        _ = try await gateway.cancel(symbol: "BTCUSDT", clientOrderID: "sk1-a-0-1-o0")
    }

    @Test func theObserverSeesStatusAndCodeButNeverTheQuery() async throws {
        let log = RecordLog()
        let transport = Self.script(serverTime: 5) { _ in .json(#"{"code": -2013, "msg": "Order does not exist."}"#, status: 400) }
        let gateway = Self.gateway(transport, clock: ManualClock(5), log: log)
        await #expect(throws: GatewayError(.unknownOrder, code: -2013, message: "Order does not exist.", httpStatus: 400)) {
            try await gateway.query(symbol: "BTCUSDT", clientOrderID: "x")
        }
        #expect(log.records.map(\.path) == ["/api/v3/time", "/api/v3/order"])
        #expect(log.records.last?.httpStatus == 400 && log.records.last?.code == -2013 && log.records.last?.failure == .unknownOrder)
        #expect(log.records.first?.httpStatus == 200 && log.records.first?.code == nil)
        #expect(!"\(log.records)".contains("signature") && !"\(log.records)".contains(Self.secret))
    }

    @Test func tradesAccountAndListsGoToTheirEndpoints() async throws {
        let transport = Self.script(serverTime: 5) { request in
            if request.url.contains("myTrades") { return .json("[]") }
            if request.url.contains("account") { return .json(#"{"canTrade": true, "updateTime": 1, "balances": []}"#) }
            return .json(#"{"orderListId": 1, "orderReports": [\#(Self.order)]}"#)
        }
        let gateway = Self.gateway(transport, clock: ManualClock(5))
        #expect(try await gateway.trades(symbol: "BTCUSDT", fromID: 7).isEmpty)
        #expect(queryItems(transport.requests[1]).prefix(3).map(\.1) == ["BTCUSDT", "7", "1000"])
        #expect(try await gateway.account().canTrade)
        var above = Self.newOrder(timestamp: 5)
        above.type = .limitMaker
        above.price = "5000"
        var below = Self.newOrder(timestamp: 5)
        below.type = .stopLoss
        below.stopPrice = "3000"
        let reports = try await gateway.placeList(NewOrderList(kind: .oco, listClientOrderID: "sk1-a-0-1-l0", orders: [above, below]))
        #expect(reports.count == 1)
        #expect(transport.paths.last == "/api/v3/orderList/oco")
        let names = queryItems(transport.requests.last!).map(\.0)
        #expect(names.contains("aboveType") && names.contains("abovePrice") && names.contains("belowStopPrice") && names.contains("listClientOrderId"))
        var working = Self.newOrder(timestamp: 5)
        working.type = .limit
        working.price = "4000"
        working.timeInForce = .gtc
        var pending = below
        pending.side = .sell
        _ = try await gateway.placeList(NewOrderList(kind: .oto, listClientOrderID: "sk1-a-0-2-l0", orders: [working, pending]))
        #expect(transport.paths.last == "/api/v3/orderList/oto")
        let oto = Dictionary(queryItems(transport.requests.last!), uniquingKeysWith: { first, _ in first })
        #expect(oto["workingType"] == "LIMIT" && oto["workingPrice"] == "4000" && oto["workingTimeInForce"] == "GTC")
        #expect(oto["pendingType"] == "STOP_LOSS" && oto["pendingSide"] == "SELL" && oto["pendingStopPrice"] == "3000" && oto["pendingQuantity"] == pending.quantity)
        #expect(oto["listClientOrderId"] == "sk1-a-0-2-l0" && oto["side"] == nil)
    }
}
