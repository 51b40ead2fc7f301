import Engine
import Guardrails
import SparkCore

/// BTCUSDT on Binance's grid: tick 0.01, step 0.00001, minimum notional 5.
let btc = Instrument(symbol: "BTCUSDT", priceDecimals: 2, tick: 1, quantityDecimals: 5, step: 1, minQuantity: 1, minNotional: Money(units: 500_000_000))
let eth = Instrument(symbol: "ETHUSDT", priceDecimals: 2, tick: 1, quantityDecimals: 4, step: 1, minQuantity: 1, minNotional: Money(units: 500_000_000))
let t0: Int64 = 1_704_186_000_000 // 2024-01-02T09:00:00Z, a Tuesday

/// A guard over one policy and a market the test sets up by hand.
final class Desk {
    let guardrails: Guardrails
    var account: AccountView
    private var nextID: Int64 = 1

    init(
        rules: [Rule] = [], breakers: [BreakerSpec] = [], luaSources: [String: String] = [:], cash: Double = 100_000, strategy: String = "test",
        ruleBudget: RuleBudget = .instructions(RuleBudget.defaultInstructions)
    ) throws {
        let symbols = SymbolTable(["BTCUSDT", "ETHUSDT"])
        let policy = Policy(name: "test", rules: rules, breakers: breakers, luaSources: luaSources)
        guardrails = try Guardrails(policy: policy, policyHash: "test", strategy: strategy, symbols: symbols, ruleBudget: ruleBudget)
        account = AccountView(
            now: t0, cash: Money(cash)!, equity: cash, positions: [0, 0], lastPrice: [42_000, 2_500], lastPriceTime: [t0, t0],
            openOrders: [], instruments: [btc, eth], symbols: symbols
        )
    }

    convenience init(_ kind: RuleKind, id: String = "rule") throws {
        try self.init(rules: [Rule(id: id, kind: kind)])
    }

    /// An order as the engine would pass it: rounded onto the grid.
    func order(_ side: Side, _ qty: Double, symbol: Int32 = 0, limit: Double? = nil, stop: Double? = nil) -> OrderIntent {
        let instrument = account.instruments[Int(symbol)]
        let kind: OrderKind = limit != nil ? .limit : (stop != nil ? .stop : .market)
        var order = Order(id: OrderID(0), symbol: SymbolID(symbol), side: side, kind: kind, quantity: instrument.quantity(qty)!, price: nil, createdAt: account.now)
        order.price = limit.flatMap { try? instrument.roundedPrice($0, OrderRequest.limitRounding(side)) }
        order.trigger = stop.flatMap { try? instrument.roundedPrice($0, OrderRequest.triggerRounding(.stop, side)) }
        return OrderIntent(order: order)
    }

    /// An order as it reaches the guard without the engine's rounding (a bug the guard must catch).
    func unrounded(_ side: Side, quantityUnits: Int64, limitUnits: Int64) -> OrderIntent {
        OrderIntent(order: Order(
            id: OrderID(0), symbol: SymbolID(0), side: side, kind: .limit, quantity: Quantity(units: quantityUnits),
            price: Price(units: limitUnits), createdAt: account.now
        ))
    }

    func check(_ intent: OrderIntent) -> GuardVerdict {
        guardrails.check(intent, account: account)
    }

    /// The rule id that rejected, or "allow".
    func verdict(_ intent: OrderIntent) -> String {
        switch check(intent) {
        case .allow: "allow"
        case .reject(let rejection): rejection.rule
        }
    }

    func code(_ intent: OrderIntent) -> String? {
        if case .reject(let rejection) = check(intent) { return rejection.code }
        return nil
    }

    /// Adds a resting order to the account.
    func rest(_ intent: OrderIntent) {
        var order = intent.order
        order.id = OrderID(nextID)
        nextID += 1
        account.openOrders.append(order)
    }

    /// Moves time on and marks equity; returns the breaker transitions.
    @discardableResult
    func observe(at time: Int64? = nil, equity: Double? = nil, closed: [Int64] = []) -> [BreakerTransition] {
        if let time { account.now = time }
        if let equity { account.equity = equity }
        let lots = closed.map { pnl in
            Portfolio.ClosedLot(symbol: SymbolID(0), quantity: 1, entryPrice: Price(units: 1), entryTime: 0, exitPrice: Price(units: 1), exitTime: account.now, fees: .zero, pnl: Money(units: pnl))
        }
        return guardrails.observe(now: account.now, equity: account.equity, lastPriceTime: account.lastPriceTime, closed: lots[...])
    }
}

let minute: Int64 = 60_000
let hour: Int64 = 3_600_000
let day: Int64 = 86_400_000
