import Engine
import SparkCore

/// Wraps a strategy so that the callbacks a journal says overran fail the same way again.
final class JournaledOverruns: StrategyRuntime {
    private let inner: any StrategyRuntime
    private let overruns: [Int: StrategyFailure]
    private weak var engine: Engine?

    init(_ inner: any StrategyRuntime, overruns: [Int: StrategyFailure]) {
        self.inner = inner
        self.overruns = overruns
    }

    private func check() throws(StrategyFailure) {
        if let engine, let failure = overruns[engine.eventCount] { throw failure }
    }

    func start(engine: Engine) throws(StrategyFailure) {
        self.engine = engine
        try check()
        try inner.start(engine: engine)
    }

    func bar(_ bar: Bar) throws(StrategyFailure) {
        try check()
        try inner.bar(bar)
    }

    func fill(_ fill: Fill, order: Order) throws(StrategyFailure) {
        try check()
        try inner.fill(fill, order: order)
    }

    func orderEnded(_ order: Order) throws(StrategyFailure) {
        try check()
        try inner.orderEnded(order)
    }

    func stop() throws(StrategyFailure) {
        try check()
        try inner.stop()
    }
}
