import Testing
@testable import Engine
import SparkCore

@Suite("Engine and simulated venue")
struct EngineTests {
    @Test("a market order fills at the next bar's open, not the bar that produced it")
    func marketOrderFillsAtNextOpen() {
        let loop = makeLoop()
        let strategy = ScriptedStrategy()
        strategy.onBar = { engine, bar in
            if bar.time == 1_704_067_200_000 { _ = engine.submit(symbol: SymbolID(0), side: .buy, kind: .market, quantity: 0.1, price: nil) }
        }
        loop.start(strategy, at: 0)
        loop.step(bar(0, 100, 101, 99, 100.5))
        #expect(strategy.fills.isEmpty)
        loop.step(bar(1, 102, 103, 101, 102.5))
        #expect(strategy.fills.count == 1)
        #expect(strategy.fills.first?.price == Price(units: 10_200))
        #expect(loop.engine.position(SymbolID(0)) == 0.1)
        #expect(loop.engine.portfolio.cash == Money(10_000 - 10.2)!)
    }

    @Test("fill-at-close fills a market order at the signal bar's close")
    func marketOrderFillsAtClose() {
        let loop = makeLoop(model: FillModel(marketFill: .close))
        let strategy = ScriptedStrategy()
        strategy.onBar = { engine, _ in
            if engine.position(SymbolID(0)) == 0 { _ = engine.submit(symbol: SymbolID(0), side: .buy, kind: .market, quantity: 1, price: nil) }
        }
        loop.start(strategy, at: 0)
        loop.step(bar(0, 100, 101, 99, 100.5))
        #expect(strategy.fills.first?.price == Price(units: 10_050))
    }

    @Test("a buy limit fills at the limit when touched and at the open when the bar gaps through it")
    func limitOrders() {
        let loop = makeLoop()
        let strategy = ScriptedStrategy()
        var placed = false
        strategy.onBar = { engine, _ in
            if !placed {
                placed = true
                _ = engine.submit(symbol: SymbolID(0), side: .buy, kind: .limit, quantity: 1, price: 99)
                _ = engine.submit(symbol: SymbolID(0), side: .buy, kind: .limit, quantity: 1, price: 97)
            }
        }
        loop.start(strategy, at: 0)
        loop.step(bar(0, 100, 101, 98, 100))  // placed here; cannot fill on its own bar
        #expect(strategy.fills.isEmpty)
        loop.step(bar(1, 100, 100, 98.5, 99))  // touches 99 → fills at 99, maker
        #expect(strategy.fills.map(\.price) == [Price(units: 9_900)])
        #expect(strategy.fills.first?.maker == true)
        loop.step(bar(2, 95, 96, 94, 95))  // gaps below 97 → fills at the open, 95
        #expect(strategy.fills.map(\.price) == [Price(units: 9_900), Price(units: 9_500)])
    }

    @Test("a sell stop triggers at the stop, or at the open when the bar gaps below it, with slippage")
    func stopOrders() {
        let loop = makeLoop(model: FillModel(slippageTicks: 1))
        let strategy = ScriptedStrategy()
        var step = 0
        strategy.onBar = { engine, _ in
            step += 1
            if step == 1 { _ = engine.submit(symbol: SymbolID(0), side: .buy, kind: .market, quantity: 2, price: nil) }
            if step == 2 {
                _ = engine.submit(symbol: SymbolID(0), side: .sell, kind: .stop, quantity: 1, price: 95)
                _ = engine.submit(symbol: SymbolID(0), side: .sell, kind: .stop, quantity: 1, price: 90)
            }
        }
        loop.start(strategy, at: 0)
        loop.step(bar(0, 100, 100, 100, 100))
        loop.step(bar(1, 100, 100, 100, 100))  // buy fills at 100.01 (1 tick of slippage)
        loop.step(bar(2, 96, 97, 94, 95))  // stop 95 touched → 94.99
        loop.step(bar(3, 85, 86, 84, 85))  // gaps under 90 → open 85 - 0.01
        #expect(strategy.fills.map(\.price) == [Price(units: 10_001), Price(units: 9_499), Price(units: 8_499)])
        #expect(loop.engine.position(SymbolID(0)) == 0)
    }

    @Test("a buy the cash cannot pay for is rejected at fill time with the reason")
    func insufficientCashRejects() {
        let loop = makeLoop(cash: 50)
        let strategy = ScriptedStrategy()
        strategy.onBar = { engine, _ in
            if engine.openOrders.isEmpty, strategy.ended.isEmpty { _ = engine.submit(symbol: SymbolID(0), side: .buy, kind: .market, quantity: 1, price: nil) }
        }
        loop.start(strategy, at: 0)
        loop.step(bar(0, 100, 100, 100, 100))
        loop.step(bar(1, 100, 100, 100, 100))
        #expect(strategy.fills.isEmpty)
        #expect(strategy.ended.first?.status == .rejected)
        #expect(strategy.ended.first?.reason?.contains("insufficient cash") == true)
        #expect(loop.engine.portfolio.cash == Money(50)!)
    }

    @Test("selling more than the position of a long-only instrument is rejected")
    func longOnlyRejectsShortSale() {
        let loop = makeLoop()
        let strategy = ScriptedStrategy()
        strategy.onBar = { engine, _ in
            if strategy.ended.isEmpty, engine.openOrders.isEmpty { _ = engine.submit(symbol: SymbolID(0), side: .sell, kind: .market, quantity: 1, price: nil) }
        }
        loop.start(strategy, at: 0)
        loop.step(bar(0, 100, 100, 100, 100))
        loop.step(bar(1, 100, 100, 100, 100))
        #expect(strategy.ended.first?.reason?.contains("long-only") == true)
        #expect(loop.engine.position(SymbolID(0)) == 0)
    }

    @Test("a short position is allowed where the instrument says so, and its PnL has the right sign")
    func shortSelling() {
        let loop = makeLoop(short: true)
        let strategy = ScriptedStrategy()
        var step = 0
        strategy.onBar = { engine, _ in
            step += 1
            if step == 1 { _ = engine.submit(symbol: SymbolID(0), side: .sell, kind: .market, quantity: 1, price: nil) }
            if step == 3 { _ = engine.submit(symbol: SymbolID(0), side: .buy, kind: .market, quantity: 1, price: nil) }
        }
        loop.start(strategy, at: 0)
        loop.step(bar(0, 100, 100, 100, 100))
        loop.step(bar(1, 100, 100, 100, 100))
        #expect(loop.engine.position(SymbolID(0)) == -1)
        loop.step(bar(2, 90, 90, 90, 90))
        loop.step(bar(3, 90, 90, 90, 90))
        #expect(loop.engine.closedLots.count == 1)
        #expect(loop.engine.closedLots.first?.pnl == Money(10)!)
        #expect(loop.engine.portfolio.cash == Money(10_010)!)
    }

    @Test("NaN, infinite, negative and zero quantities and prices are refused with a reason")
    func invalidOrdersAreRefused() {
        let loop = makeLoop()
        let engine = loop.engine
        engine.start(strategy: ScriptedStrategy(), at: 0)
        for quantity in [Double.nan, .infinity, -1, 0, 0.000001] {
            guard case .failure(let rejection) = engine.submit(symbol: SymbolID(0), side: .buy, kind: .market, quantity: quantity, price: nil) else {
                Issue.record("quantity \(quantity) was accepted")
                continue
            }
            #expect(rejection.code == .invalidQuantity)
        }
        for price: Double in [.nan, -Double.infinity, -5, 0] {
            guard case .failure(let rejection) = engine.submit(symbol: SymbolID(0), side: .buy, kind: .limit, quantity: 1, price: price) else {
                Issue.record("price \(price) was accepted")
                continue
            }
            #expect(rejection.code == .invalidPrice)
        }
        #expect(engine.ordersRejected == 9)
        #expect(engine.openOrders.isEmpty)
    }

    @Test("an order flood from one callback is cut off at the per-callback limit")
    func orderFloodIsCapped() {
        let loop = makeLoop()
        let strategy = ScriptedStrategy()
        var outcomes: [Bool] = []
        strategy.onBar = { engine, _ in
            for _ in 0..<150 {
                if case .success = engine.submit(symbol: SymbolID(0), side: .buy, kind: .limit, quantity: 0.001, price: 1) { outcomes.append(true) } else { outcomes.append(false) }
            }
        }
        loop.start(strategy, at: 0)
        loop.step(bar(0, 100, 100, 100, 100))
        #expect(outcomes.filter { $0 }.count == 100)
        #expect(loop.engine.ordersRejected == 50)
    }

    @Test("a failing strategy is halted, its resting orders cancelled, and the run goes on")
    func failureHaltsStrategyOnly() {
        let loop = makeLoop()
        let strategy = ScriptedStrategy()
        strategy.onBar = { engine, bar throws(StrategyFailure) in
            if strategy.bars == 1 { _ = engine.submit(symbol: SymbolID(0), side: .buy, kind: .limit, quantity: 1, price: 50) }
            if strategy.bars == 2 { throw StrategyFailure(code: .runtime, message: "boom", location: "x.lua:3") }
        }
        loop.start(strategy, at: 0)
        loop.step(bar(0, 100, 100, 100, 100))
        loop.step(bar(1, 100, 100, 100, 100))
        loop.step(bar(2, 100, 100, 100, 100))
        #expect(strategy.bars == 2)
        #expect(loop.engine.failure?.message == "boom")
        #expect(loop.engine.openOrders.isEmpty)
        #expect(loop.engine.barCount == 3)
    }

    @Test("fees split between entry and exit and the end-of-run close is counted as a trade")
    func feesAndCloseOut() {
        let loop = makeLoop(model: FillModel(makerFeeBps: 10, takerFeeBps: 10))
        let strategy = ScriptedStrategy()
        strategy.onBar = { engine, _ in
            if strategy.bars == 1 { _ = engine.submit(symbol: SymbolID(0), side: .buy, kind: .market, quantity: 1, price: nil) }
        }
        loop.start(strategy, at: 0)
        loop.step(bar(0, 100, 100, 100, 100))
        loop.step(bar(1, 100, 110, 100, 110))
        loop.finish()
        #expect(loop.engine.closedLots.count == 1)
        let trade = loop.engine.closedLots[0]
        #expect(trade.fees == Money(0.1 + 0.11)!)
        #expect(trade.pnl == Money(10 - 0.21)!)
        #expect(loop.engine.portfolio.cash == Money(10_000 + 10 - 0.21)!)
        #expect(loop.engine.portfolio.fees == Money(0.21)!)
    }
}

@Suite("Order sizes at the edges of the fixed-point range")
struct FixedPointOrderTests {
    @Test("quantities and prices past the fixed-point range are refused as too_large, naming the instrument and its maximum")
    func tooLarge() {
        let engine = makeLoop(cash: 1e10).engine
        engine.start(strategy: ScriptedStrategy(), at: 0)
        for quantity in [1e11, 1e30, Double.greatestFiniteMagnitude] {
            guard case .failure(let rejection) = engine.submit(symbol: SymbolID(0), side: .buy, kind: .market, quantity: quantity, price: nil) else {
                Issue.record("quantity \(quantity) was accepted")
                continue
            }
            #expect(rejection.code == .tooLarge)
            #expect(rejection.description == "too_large: quantity \(quantity) is too large for the fixed-point range of BTCUSDT (max 90071992547.40992)")
        }
        guard case .failure(let rejection) = engine.submit(symbol: SymbolID(0), side: .sell, kind: .stop, quantity: 1, price: 1e14) else {
            Issue.record("price 1e14 was accepted")
            return
        }
        #expect(rejection.description == "too_large: stop price 100000000000000.0 is too large for the fixed-point range of BTCUSDT (max 90071992547409.92)")
        #expect(engine.ordersRejected == 4)
    }

    @Test("each refused quantity or price says why: NaN, infinity, not positive, below one step or tick")
    func reasons() {
        let engine = makeLoop().engine
        engine.start(strategy: ScriptedStrategy(), at: 0)
        func reason(_ quantity: Double, _ price: Double? = nil) -> String {
            guard case .failure(let rejection) = engine.submit(symbol: SymbolID(0), side: .buy, kind: price == nil ? .market : .limit, quantity: quantity, price: price) else {
                return "accepted"
            }
            return rejection.description
        }
        #expect(reason(.nan) == "invalid_quantity: quantity for BTCUSDT must be a finite number (got NaN)")
        #expect(reason(-.nan) == "invalid_quantity: quantity for BTCUSDT must be a finite number (got NaN)")
        #expect(reason(.infinity) == "invalid_quantity: quantity for BTCUSDT must be a finite number (got infinity)")
        #expect(reason(-.infinity) == "invalid_quantity: quantity for BTCUSDT must be a finite number (got -infinity)")
        #expect(reason(-1) == "invalid_quantity: quantity -1.0 for BTCUSDT must be positive")
        #expect(reason(0.000_009) == "invalid_quantity: quantity 9e-06 for BTCUSDT is less than one step (0.00001)")
        #expect(reason(1, .nan) == "invalid_price: limit price for BTCUSDT must be a finite number (got NaN)")
        #expect(reason(1, 0) == "invalid_price: limit price 0.0 for BTCUSDT must be positive")
        #expect(reason(1, 0.004) == "invalid_price: limit price 0.004 for BTCUSDT rounds to zero ticks (tick 0.01)")
    }

    @Test("an order of 10000 at 1e9 steps books 10000, and one at 1e12 steps books exactly what was asked")
    func booksWhatWasAsked() {
        let engine = makeLoop(cash: 1e10).engine
        engine.start(strategy: ScriptedStrategy(), at: 0)
        for (quantity, units) in [(10_000.0, Int64(1_000_000_000)), (10_000_000.00001, 1_000_000_000_001), (0.7 - 0.4, 30_000)] {
            guard case .success(let id) = engine.submit(symbol: SymbolID(0), side: .buy, kind: .limit, quantity: quantity, price: 1) else {
                Issue.record("\(quantity) was refused")
                continue
            }
            #expect(engine.openOrders.first { $0.id == id }?.quantity == Quantity(units: units), "\(quantity)")
        }
    }
}
