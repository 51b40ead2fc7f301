import Binance
import Testing

@Suite struct RateLimitStateTests {
    static let rules = [
        RateLimitRule(type: .requestWeight, interval: .minute, intervalNum: 1, limit: 100),
        RateLimitRule(type: .orders, interval: .second, intervalNum: 10, limit: 10),
        RateLimitRule(type: .orders, interval: .day, intervalNum: 1, limit: 1_000),
    ]

    @Test func newOrdersStopAt80PercentAndCancelsUseTheReserve() throws {
        var state = RateLimitState(rules: Self.rules)
        let now: Int64 = 1_000_000_000
        for _ in 0..<8 { try state.admit(.newOrder(weight: 1), nowMs: now) }
        #expect(throws: GatewayError.self) { try state.admit(.newOrder(weight: 1), nowMs: now) }
        try state.admit(.cancel(weight: 1), nowMs: now)
        try state.admit(.cancel(weight: 1), nowMs: now)
        #expect(throws: GatewayError.self) { try state.admit(.cancel(weight: 1), nowMs: now) }
        // A new 10 s window frees the budget.
        try state.admit(.newOrder(weight: 1), nowMs: now + 10_000)
    }

    @Test func headersSetTheUsageAndTheRefusalSaysUntilWhen() throws {
        var state = RateLimitState(rules: Self.rules)
        let now: Int64 = 1_000_000_000
        state.observe(headers: ["X-MBX-USED-WEIGHT-1M": "99", "x-mbx-order-count-10s": "8", "X-MBX-ORDER-COUNT-1D": "12"], nowMs: now)
        #expect(state.used(.requestWeight, interval: .minute, intervalNum: 1, nowMs: now) == 99)
        #expect(state.used(.orders, interval: .second, intervalNum: 10, nowMs: now) == 8)
        #expect(state.used(.orders, interval: .day, intervalNum: 1, nowMs: now) == 12)
        do {
            try state.admit(.newOrder(weight: 1), nowMs: now)
            Issue.record("admitted past 80 % of ORDERS per 10 s")
        } catch {
            #expect(error.kind == .rateLimited(until: 1_000_000_000 - 1_000_000_000 % 10_000 + 10_000))
        }
        try state.admit(.query(weight: 1), nowMs: now)
        #expect(throws: GatewayError.self) { try state.admit(.query(weight: 1), nowMs: now) }
        #expect(state.used(.requestWeight, interval: .minute, intervalNum: 1, nowMs: now + 60_000) == 0)
    }

    @Test func nothingGoesOutInsideARetryAfterOrBanWindow() throws {
        var state = RateLimitState()
        state.observe(error: GatewayError(.rateLimited(until: 5_000), message: "429"))
        #expect(throws: GatewayError.self) { try state.admit(.cancel(weight: 1), nowMs: 4_999) }
        try state.admit(.query(weight: 1), nowMs: 5_000)
        state.observe(error: GatewayError(.banned(until: 9_000), message: "418"))
        do {
            try state.admit(.query(weight: 1), nowMs: 8_000)
            Issue.record("admitted during a ban")
        } catch {
            #expect(error.kind == .banned(until: 9_000))
            #expect(error.notPlaced)
        }
        try state.admit(.query(weight: 1), nowMs: 9_000)
    }

    @Test func theReserveIsConfigurable() throws {
        var state = RateLimitState(rules: Self.rules, cancelReserve: 0.5)
        for _ in 0..<5 { try state.admit(.newOrder(weight: 1), nowMs: 0) }
        #expect(throws: GatewayError.self) { try state.admit(.newOrder(weight: 1), nowMs: 0) }
    }
}
