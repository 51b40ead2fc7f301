import Foundation
import Testing
import Demos

@Suite("The demo")
struct DemoTests {
    @Test("the demo walks propose, refusal, a refused forged approval, approval, paper, a kill switch from a subdirectory reaching the session, and an edit that invalidates")
    func approvalFlow() async throws {
        var lines: [String] = []
        try await Demo.run(root: Paths.root, print: { lines.append($0) }, warn: { _ in })
        let text = lines.joined(separator: "\n")
        #expect(text.contains("spark paper before approval → paper refused"))
        #expect(text.contains("a forged approval → "))
        #expect(text.contains("small order"))
        #expect(text.contains("bob approved sma_cross-paper-1"))
        #expect(text.contains("(size edited 0.05 → 0.1) → paper refused"))
        #expect(text.contains("audit.log: ") && text.contains("runtime.log: ") && text.contains("chain intact"))
        #expect(text.contains("parity: "))
        // Step 2d: spark diff between the step-2 backtest and the same with a 10 bps taker fee names the fee.
        #expect(text.contains("first divergence: fill #1") && text.contains("fee "), "\(text)")
        #expect(text.contains("likely cause: fill_model.taker_fee_bps: a fee change moves fees and PnL"))
        // The bracket step: placed in one call, the entry fills, one exit fills, the venue cancels the other.
        #expect(text.contains("bracket: entry 1, stop-loss 2 at ") && text.contains("order 1 filled: buy 0.01 at "))
        #expect(text.contains(" cancelled: OCO: order 2 filled") || text.contains(" cancelled: OCO: order 3 filled"))
        #expect(text.contains("spark kill on  → project "))
        #expect(text.contains("reaches: sma_cross (pid \(getpid()))"))
        #expect(text.contains("the session journaled kill_on before bar "))
        #expect(text.contains(": 1 closing order(s) passed the engaged switch, 1 filled"))
        // Step 5b: live against the fake exchange.
        #expect(text.contains("→ UNKNOWN → queried by client id → FILLED, never sent twice"), "\(text)")
        #expect(text.contains("user stream dropped by the exchange → resubscribed and reconciled before any new order"))
        #expect(text.contains("(SPARK_CRASHPOINT=after_response) → killed; the exchange shows 3 filled Spark orders"), "\(text)")
        #expect(text.contains("orders: 4 (FILLED 4); fills booked: 4"))
        #expect(text.contains("3 journals") && text.contains("parity: every intent and decision match"))
        #expect(text.contains("likely cause: only the fill's time differs"))
    }
}
