import Engine
import LuaRuntime
import SparkCore
import Testing
@testable import Strategies

/// The order types, terms and lists a strategy asks for from Lua, end to end through the engine and venue.
@Suite("Lua order types, brackets, OCO and instruments")
struct OrderAPITests {
    @Test("a bracket from Lua fills its entry, then exactly one exit, and returns the three ids")
    func bracketFromLua() throws {
        let harness = try Harness(header + """
        function on_bar(ctx, bar)
          if ctx.state.placed then return end
          ctx.state.placed = true
          local entry, stop, target = ctx:buy{ qty = 1, limit = 100, stop_loss = 95, take_profit = 110, tag = "b" }
          ctx:log("ids", entry, stop, target)
        end
        function on_fill(ctx, fill) ctx:log("fill", fill.order_id, fill.price, fill.tag) end
        function on_order(ctx, order) ctx:log("ended", order.id, order.status, order.reason) end
        """)
        harness.bar(101)
        harness.bar(101, open: 101, high: 102, low: 99.5)  // the entry fills at 100
        harness.bar(108, open: 100, high: 111, low: 96)    // the target fills at 110; the stop is cancelled
        harness.bar(108)
        #expect(harness.logs.filter { $0.hasPrefix("t: ") } == [
            "t: ids 1 2 3", "t: fill 1 100.0 b", "t: fill 3 110.0 b", "t: ended 2 cancelled OCO: order 3 filled",
        ])
        #expect(harness.engine.position(SymbolID(0)) == 0)
        #expect(harness.engine.openOrders.isEmpty)
    }

    @Test("price fields make the order kinds: stop with limit is a stop-limit, take_profit a take-profit, trail a trailing stop")
    func kindsFromFields() throws {
        let harness = try Harness(header + """
        function on_bar(ctx, bar)
          if ctx.state.placed then return end
          ctx.state.placed = true
          ctx:sell{ qty = 1, stop = 95, limit = 94.5 }
          ctx:sell{ qty = 1, take_profit = 110 }
          ctx:sell{ qty = 1, take_profit = 110, limit = 109.5 }
          ctx:sell{ qty = 1, trail = 5 }
          ctx:sell{ qty = 1, trail_pct = 1.5, stop = 97 }
          ctx:buy{ qty = 1, limit = 90, tif = "IOC" }
          ctx:buy{ qty = 1, limit = 90, tif = "FOK" }
          ctx:buy{ qty = 1, limit = 90, good_till = ctx:now() + 3600000 }
          ctx:buy{ qty = 1, limit = 90, post_only = true }
          ctx:sell{ qty = 1, limit = 120, reduce_only = true }
          for _, order in ipairs(ctx:orders()) do ctx:log("kind", order.id, order.type) end
        end
        """)
        harness.bar(100)
        let orders = harness.engine.openOrders
        #expect(orders.map(\.kind) == [.stopLimit, .takeProfit, .takeProfitLimit, .trailingStop, .trailingStop, .limit, .limit, .limit, .limit, .limit])
        #expect(orders[0].trigger == Price(units: 9_500) && orders[0].price == Price(units: 9_450))
        #expect(orders[2].trigger == Price(units: 11_000) && orders[2].price == Price(units: 10_950))
        #expect(orders[3].trail == .amount(Price(units: 500)))
        #expect(orders[4].trail == .bps(150) && orders[4].trigger == Price(units: 9_700))
        #expect(orders[5].timeInForce == .ioc && orders[6].timeInForce == .fok)
        #expect(orders[7].timeInForce == .gtd(harness.engine.now + 3_600_000))
        #expect(orders[8].postOnly && orders[9].reduceOnly)
        #expect(harness.logs.contains("t: kind 1 stop_limit"))
    }

    @Test("an OCO pair from Lua returns the limit leg's id then the stop leg's, and only one leg fills")
    func ocoFromLua() throws {
        let harness = try Harness(header + """
        function on_bar(ctx, bar)
          if not ctx.state.bought then
            ctx.state.bought = true
            ctx:buy{ qty = 1 }
          elseif ctx:position() > 0 and not ctx.state.oco then
            ctx.state.oco = true
            ctx:log("oco", ctx:oco{ side = "sell", qty = 1, limit = 110, stop = 95 })
          end
        end
        function on_fill(ctx, fill) ctx:log("fill", fill.order_id, fill.price) end
        function on_order(ctx, order) ctx:log("ended", order.id, order.status, order.reason) end
        """)
        harness.bar(100)
        harness.bar(100)                                   // the buy fills at 100; the pair is placed
        harness.bar(105, open: 100, high: 111, low: 90)    // both legs touched: the stop (adverse path)
        #expect(harness.logs.filter { $0.hasPrefix("t: ") } == [
            "t: fill 1 100.0", "t: oco 2 3", "t: fill 3 95.0", "t: ended 2 cancelled OCO: order 3 filled",
        ])
        #expect(harness.engine.position(SymbolID(0)) == 0)
    }

    @Test("ctx:instrument gives the grid and limits of a symbol as decimals")
    func instrumentTable() throws {
        let harness = try Harness(header + """
        function on_bar(ctx, bar)
          local i = ctx:instrument()
          ctx:log("btc", i.symbol, i.tick, i.step, i.min_qty, i.min_notional, tostring(i.allow_short), i.price_decimals, i.qty_decimals)
          ctx:log("eth", ctx:instrument("ETHUSDT").symbol)
        end
        """)
        harness.bar(100)
        #expect(harness.logs.contains("t: btc BTCUSDT 0.01 1e-05 1e-05 0.0 false 2 5"))
        #expect(harness.logs.contains("t: eth ETHUSDT"))
    }

    @Test("an order the engine refuses returns nil and the reason, for a bracket and an OCO pair too")
    func refusedLists() throws {
        let harness = try Harness(header + """
        function on_bar(ctx, bar)
          ctx:log("a", ctx:buy{ qty = 1, limit = 90, post_only = true, tif = "IOC" })
          ctx:log("b", ctx:oco{ side = "sell", qty = 0, limit = 110, stop = 95 })
        end
        """)
        harness.bar(100)
        #expect(harness.logs.contains("t: a nil invalid_terms: a post_only order rests: it cannot be IOC or FOK"))
        #expect(harness.logs.contains { $0.hasPrefix("t: b nil invalid_quantity") })
    }
}
