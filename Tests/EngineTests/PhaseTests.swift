import Testing
@testable import Engine
import SparkCore

/// Regressions for the venue re-entering the engine: orders born in a callback are routed after the
/// phase that created them, and work from the next bar.
@Suite("Event phases: no callback sees a fill from the bar that placed its order")
struct PhaseTests {
    let buy = { (engine: Engine, kind: OrderKind, price: Double?) in
        _ = engine.submit(symbol: SymbolID(0), side: .buy, kind: kind, quantity: 1, price: price)
    }

    @Test("a market order placed in on_fill fills at the next bar's open, not the open of the bar whose fill called it")
    func marketFromOnFill() {
        let loop = makeLoop()
        let strategy = ScriptedStrategy()
        strategy.onBar = { engine, _ in if strategy.bars == 1 { buy(engine, .market, nil) } }
        strategy.onFill = { engine, _ in if strategy.fills.count == 1 { buy(engine, .market, nil) } }
        loop.start(strategy, at: 0)
        loop.step(bar(0, 100, 100, 100, 100))
        loop.step(bar(1, 101, 101, 101, 101))
        #expect(strategy.fills.map(\.price) == [Price(units: 10_100)], "the second order waits")
        loop.step(bar(2, 102, 102, 102, 102))
        #expect(strategy.fills.map(\.price) == [Price(units: 10_100), Price(units: 10_200)])
        #expect(strategy.fills.map(\.time) == [bar(1, 0, 0, 0, 0).time, bar(2, 0, 0, 0, 0).time])
    }

    @Test("a limit placed in on_fill does not fill inside the bar whose fill called it, and fills on the next bar that touches it")
    func limitFromOnFill() {
        let loop = makeLoop()
        let strategy = ScriptedStrategy()
        strategy.onBar = { engine, _ in if strategy.bars == 1 { buy(engine, .market, nil) } }
        strategy.onFill = { engine, _ in if strategy.fills.count == 1 { buy(engine, .limit, 95) } }
        loop.start(strategy, at: 0)
        loop.step(bar(0, 100, 100, 100, 100))
        loop.step(bar(1, 100, 100, 90, 92))  // the market order fills at 100; the bar also trades 95
        #expect(strategy.fills.count == 1)
        loop.step(bar(2, 96, 97, 94, 96))
        #expect(strategy.fills.map(\.price) == [Price(units: 10_000), Price(units: 9_500)])
    }

    @Test("cancelling an earlier resting order in on_fill does not make the venue skip a later order on the same bar")
    func cancelInOnFillKeepsLaterOrders() {
        let loop = makeLoop()
        let strategy = ScriptedStrategy()
        var ids: [OrderID] = []
        strategy.onBar = { engine, _ in
            guard strategy.bars == 1 else { return }
            for price in [99.0, 50.0, 98.0] {
                if case .success(let id) = engine.submit(symbol: SymbolID(0), side: .buy, kind: .limit, quantity: 1, price: price) { ids.append(id) }
            }
        }
        // The 99 limit fills first; its callback cancels the 50 limit, which rests before the 98.
        strategy.onFill = { engine, fill in if fill.orderID == ids[0] { engine.cancel(ids[1]) } }
        loop.start(strategy, at: 0)
        loop.step(bar(0, 100, 100, 100, 100))
        loop.step(bar(1, 100, 100, 97, 99))
        #expect(strategy.fills.map(\.orderID) == [ids[0], ids[2]], "the limit at 98 fills: the bar's low is 97")
        #expect(strategy.ended.map(\.id) == [ids[1]])
        #expect(strategy.ended.first?.status == .cancelled)
    }

    @Test("under fill-at-close, a market order placed in on_fill or on_order waits for the next open; only on_bar's fill at the close")
    func fillAtCloseOnlyFromOnBar() {
        let loop = makeLoop(model: FillModel(marketFill: .close))
        let strategy = ScriptedStrategy()
        strategy.onBar = { engine, _ in if strategy.bars == 1 { buy(engine, .market, nil) } }
        strategy.onFill = { engine, _ in if strategy.fills.count == 1 { buy(engine, .market, nil) } }
        loop.start(strategy, at: 0)
        loop.step(bar(0, 100, 100, 100, 100.5))
        #expect(strategy.fills.map(\.price) == [Price(units: 10_050)])
        loop.step(bar(1, 101, 101, 101, 101.5))
        #expect(strategy.fills.map(\.price) == [Price(units: 10_050), Price(units: 10_100)], "the on_fill order fills at the next open")
    }

    @Test("an order placed in on_order, after a cancel the venue answers at once, works from the next bar")
    func orderFromOnOrderWaits() {
        let loop = makeLoop()
        let strategy = ScriptedStrategy()
        strategy.onBar = { engine, _ in
            if strategy.bars == 1, case .success(let id) = engine.submit(symbol: SymbolID(0), side: .buy, kind: .limit, quantity: 1, price: 10) {
                engine.cancel(id)
            }
        }
        strategy.onEnded = { engine, _ in buy(engine, .market, nil) }
        loop.start(strategy, at: 0)
        loop.step(bar(0, 100, 100, 100, 100))
        #expect(strategy.ended.count == 1)
        #expect(strategy.fills.isEmpty)
        loop.step(bar(1, 101, 101, 101, 101))
        #expect(strategy.fills.map(\.price) == [Price(units: 10_100)])
    }

    @Test("a strategy that places and cancels orders forever in on_order is halted instead of hanging the bar")
    func endlessOnOrderHalts() {
        let loop = makeLoop()
        let strategy = ScriptedStrategy()
        let churn = { (engine: Engine) in
            if case .success(let id) = engine.submit(symbol: SymbolID(0), side: .buy, kind: .limit, quantity: 0.001, price: 10) { engine.cancel(id) }
        }
        strategy.onBar = { engine, _ in churn(engine) }
        strategy.onEnded = { engine, _ in churn(engine) }
        loop.start(strategy, at: 0)
        loop.step(bar(0, 100, 100, 100, 100))
        #expect(loop.engine.failure?.code == .sandbox)
        #expect(strategy.ended.count <= SessionLoop.maxRounds + 1)
    }

    @Test("a strategy order tagged end-of-run is still cancelled when a breaker halts trading; the close-out is its own origin and is recorded")
    func closeOutIsTypedNotATag() {
        let loop = makeLoop()
        let strategy = ScriptedStrategy()
        strategy.onBar = { engine, _ in
            if strategy.bars == 1 { _ = engine.submit(symbol: SymbolID(0), side: .buy, kind: .market, quantity: 1, price: nil) }
            if strategy.bars == 2 { _ = engine.submit(symbol: SymbolID(0), side: .sell, kind: .limit, quantity: 1, price: 500, tag: "end-of-run") }
        }
        loop.start(strategy, at: 0)
        loop.step(bar(0, 100, 100, 100, 100))
        loop.step(bar(1, 100, 100, 100, 100))
        loop.finish()
        let submitted = loop.engine.decisions.compactMap { decision -> Order? in if case .submitted(let order) = decision.event { order } else { nil } }
        #expect(submitted.map(\.origin) == [.strategy, .strategy, .closeOut])
        #expect(submitted.last?.tag == nil)
        let cancels = loop.engine.decisions.filter { if case .cancelRequested = $0.event { true } else { false } }
        #expect(cancels.count == 1, "the strategy's tagged limit is cancelled at the end, like any strategy order")
        #expect(loop.engine.position(SymbolID(0)) == 0)
    }
}
