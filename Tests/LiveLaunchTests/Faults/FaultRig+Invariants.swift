import Foundation
import Testing
import FakeBinance
import Live

/// The invariants of /work/shared/LIVE.md, checked against the fake's own records.
extension FaultRig {
    /// (a) at most one venue order per intent and none without a durable intent before it; (b) Spark's
    /// fills equal the fake's by trade id; (c) positions and the fake's balances reconcile, per asset
    /// (base, quote and fee assets, against the adopted balance plus Spark's fills and fees);
    /// (d) no request inside a Retry-After or ban window (the fake marks each one that arrives inside a
    /// window it opened); (f) the journal replays to the same decisions. Ends the session first.
    func checkInvariants(fillsMatch: Bool = true, replay: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        _ = await settled()
        let state = await fake.state()
        let journal = journal
        let spark = state.orders.filter { Self.isSpark($0.clientOrderId) }
        let perIntent = Dictionary(grouping: spark, by: \.clientOrderId).mapValues(\.count)
        #expect(perIntent.values.allSatisfy { $0 == 1 }, "an intent was placed twice: \(perIntent)", sourceLocation: sourceLocation)
        for order in spark {
            #expect(journal.contains("\"\(order.clientOrderId)\""), "venue order \(order.clientOrderId) has no intent in the journal", sourceLocation: sourceLocation)
        }
        #expect(transport.sentWithoutIntent.isEmpty, "sent before the intent was on disk: \(transport.sentWithoutIntent)", sourceLocation: sourceLocation)
        let status = await session.status
        if fillsMatch {
            #expect(status.bookedTrades == (await sparkTradeKeys()), "Spark's fills differ from the fake's", sourceLocation: sourceLocation)
        }
        #expect(status.venuePosition == status.enginePosition, "venue position \(status.venuePosition) != engine \(status.enginePosition)", sourceLocation: sourceLocation)
        let base = state.balances.filter { $0.apiKey == Self.apiKey && $0.asset == "BTC" }.reduce(Decimal(0)) { $0 + $1.free + $1.locked }
        let units = NSDecimalNumber(decimal: base * pow(10, instrument.quantityDecimals)).int64Value
        #expect(units == status.venuePosition, "the fake holds \(base) BTC, Spark books \(status.venuePosition) units", sourceLocation: sourceLocation)
        if fillsMatch {
            #expect(Set(status.expectedBalances.keys).isSuperset(of: ["BTC", "USDT"]), "\(status.expectedBalances)", sourceLocation: sourceLocation)
            for (asset, expected) in status.expectedBalances {
                let held = state.balances.filter { $0.apiKey == Self.apiKey && $0.asset == asset }.reduce(Decimal(0)) { $0 + $1.free + $1.locked }
                #expect(Decimal(string: expected) == held, "the fake holds \(held) \(asset), Spark's books say \(expected)", sourceLocation: sourceLocation)
            }
        }
        #expect(state.refusedRequests.isEmpty, "requests inside a Retry-After or ban window: \(state.refusedRequests)", sourceLocation: sourceLocation)
        await session.finish(reason: "the test ended")
        if replay {
            let outcome = try LiveReplay.run(journal: journalPath)
            #expect(outcome.matches, "replay differs: \(String(describing: outcome.firstMismatch))", sourceLocation: sourceLocation)
        }
    }

    /// New-order requests the fake received for Spark's client ids.
    func newOrderRequests() async -> [FakeRequestRecord] {
        await fake.state().requests.filter { $0.method == "POST" && $0.path == "/api/v3/order" }
    }
}

extension FaultRig {
    /// The one order of the session and its state (nil when there is none or more than one).
    func onlyOrder() async -> (id: String, state: LiveOrderState)? {
        let orders = await session.status.orders
        guard orders.count == 1, let (id, state) = orders.first else { return nil }
        return (id, state)
    }

    /// Advances the clock a second at a time (at most `seconds` times) until every order is terminal.
    @discardableResult
    func advanceUntilTerminal(seconds: Int = 12) async -> Bool {
        for _ in 0..<seconds {
            if await until(seconds: 0.2, { !$0.orders.isEmpty && $0.orders.values.allSatisfy(\.isTerminal) }) { return true }
            await advance(1_000)
        }
        return await session.status.orders.values.allSatisfy(\.isTerminal)
    }
}
