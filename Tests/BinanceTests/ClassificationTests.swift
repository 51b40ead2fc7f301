import Binance
import Testing

@Suite struct ClassificationTests {
    private func kind(_ status: Int, _ code: Int?, headers: [String: String] = [:]) -> GatewayError.Kind {
        GatewayError.classify(httpStatus: status, code: code, message: "m", headers: headers, nowMs: 1_000_000).kind
    }

    @Test func everyCodeSparkActsOnMapsToItsKind() {
        #expect(kind(500, nil) == .unknownOutcome)
        #expect(kind(503, -1006) == .unknownOutcome)
        #expect(kind(400, -1006) == .unknownOutcome)
        #expect(kind(400, -1007) == .unknownOutcome)
        #expect(kind(400, -1021) == .clockSkew)
        #expect(kind(400, -1022) == .signature)
        #expect(kind(400, -1013) == .rejected)
        #expect(kind(400, -2010) == .rejected)
        #expect(kind(400, -2011) == .unknownOrder)
        #expect(kind(400, -2013) == .unknownOrder)
        #expect(kind(401, -2015) == .rejected)
        #expect(kind(403, nil) == .rejected)
    }

    @Test func rateLimitAndBanRunUntilRetryAfter() {
        #expect(kind(429, -1003, headers: ["Retry-After": "7"]) == .rateLimited(until: 1_007_000))
        #expect(kind(429, -1003, headers: ["retry-after": "2"]) == .rateLimited(until: 1_002_000))
        #expect(kind(418, -1003, headers: ["Retry-After": "300"]) == .banned(until: 1_300_000))
        #expect(kind(429, nil) == .rateLimited(until: 1_060_000))
        #expect(kind(418, nil) == .banned(until: 1_120_000))
    }

    @Test func definiteRefusalsAreNotPlacedAndUnknownOutcomesAreNot() {
        let error = GatewayError.classify(httpStatus: 400, code: -2010, message: "Account has insufficient balance.", headers: [:], nowMs: 0)
        #expect(error.notPlaced)
        #expect(error.code == -2010)
        #expect(error.httpStatus == 400)
        #expect(!GatewayError.classify(httpStatus: 502, code: nil, message: "", headers: [:], nowMs: 0).notPlaced)
        #expect(GatewayError.classify(httpStatus: 502, code: nil, message: "", headers: [:], nowMs: 0).message == "HTTP 502")
    }

    @Test func aWebSocketRetryAfterIsAnEpochTime() {
        let error = WebSocketAPIError(code: -1003, message: "slow down", retryAfter: 5_555_555)
        #expect(error.gatewayError(status: 429, nowMs: 1).kind == .rateLimited(until: 5_555_555))
        #expect(WebSocketAPIError(code: -1022, message: "bad").gatewayError(status: 400, nowMs: 1).kind == .signature)
    }
}

@Suite struct ClockSyncTests {
    @Test func offsetIsServerTimeMinusTheLocalMidpoint() {
        var sync = ClockSync(marginMs: 1_000)
        #expect(!sync.isSynced)
        #expect(!sync.isUsable(recvWindow: 5_000))
        sync.record(t0: 1_000, serverTime: 3_100, t1: 1_200)
        #expect(sync.offsetMs == 2_000)
        #expect(sync.roundTripMs == 200)
        #expect(sync.exchangeTime(localMs: 10_000) == 12_000)
        #expect(sync.isUsable(recvWindow: 5_000))
    }

    @Test func anOffsetBeyondRecvWindowMinusTheMarginIsNotUsable() {
        var sync = ClockSync(marginMs: 1_000)
        sync.record(t0: 0, serverTime: -4_001, t1: 0)
        #expect(!sync.isUsable(recvWindow: 5_000))
        #expect(sync.isUsable(recvWindow: 6_000))
        sync.record(t0: 0, serverTime: 4_000, t1: 0)
        #expect(sync.isUsable(recvWindow: 5_000))
    }
}
