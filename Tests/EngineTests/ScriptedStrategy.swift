import Engine
import SparkCore

/// A Swift strategy for engine tests: runs closures on each callback and records what it saw.
final class ScriptedStrategy: StrategyRuntime {
    var onBar: (Engine, Bar) throws(StrategyFailure) -> Void = { _, _ in }
    var onFill: (Engine, Fill) -> Void = { _, _ in }
    var onEnded: (Engine, Order) -> Void = { _, _ in }
    private(set) var fills: [Fill] = []
    private(set) var ended: [Order] = []
    private(set) var bars = 0
    private(set) var stopped = false
    private var engine: Engine?

    func start(engine: Engine) throws(StrategyFailure) { self.engine = engine }

    func bar(_ bar: Bar) throws(StrategyFailure) {
        bars += 1
        try onBar(engine!, bar)
    }

    func fill(_ fill: Fill, order: Order) throws(StrategyFailure) {
        fills.append(fill)
        onFill(engine!, fill)
    }

    func orderEnded(_ order: Order) throws(StrategyFailure) {
        ended.append(order)
        onEnded(engine!, order)
    }

    func stop() throws(StrategyFailure) { stopped = true }
}

/// Builds an engine, venue and loop over one BTCUSDT-like instrument (tick 0.01, step 0.00001).
func makeLoop(cash: Double = 10_000, model: FillModel = FillModel(), short: Bool = false) -> SessionLoop {
    var instrument = Instrument.fallback(symbol: "BTCUSDT")
    instrument.allowShort = short
    let engine = Engine(configuration: EngineConfiguration(initialCash: Money(cash)!), symbols: SymbolTable(["BTCUSDT"]), instruments: [instrument])
    return SessionLoop(engine: engine, venue: SimulatedVenue(model: model, instruments: [instrument], cash: Money(cash)!))
}

func bar(_ minute: Int64, _ open: Double, _ high: Double, _ low: Double, _ close: Double) -> Bar {
    Bar(symbol: SymbolID(0), time: 1_704_067_200_000 + minute * 60_000, open: open, high: high, low: low, close: close, volume: 1)
}
