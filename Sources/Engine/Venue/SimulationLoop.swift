public import SparkCore

/// The per-bar choreography of engine and simulated venue, shared by backtest, paper and replay.
///
/// Sharing it is what makes the modes agree: the drivers differ in where bars come from and how
/// fast, never in what happens to a bar.
public struct SimulationLoop {
    public let engine: Engine
    public let venue: SimulatedVenue

    public init(engine: Engine, venue: SimulatedVenue) {
        self.engine = engine
        self.venue = venue
    }

    /// Fills at the open, shows the bar to the strategy, fills at the close, routing commands as they appear.
    @inline(__always)
    public func step(_ bar: Bar) {
        venue.open(bar, engine: engine) { event in
            engine.handle(event)
            route()
        }
        engine.handle(.bar(bar))
        route()
        venue.close(bar, engine: engine) { event in
            engine.handle(event)
            route()
        }
    }

    /// Sends pending commands to the venue and feeds back what it answers at once (cancels).
    @inline(__always)
    public func route() {
        while engine.hasCommands {
            for event in venue.accept(engine.drainCommands(), time: engine.now) {
                engine.handle(event)
            }
        }
    }

    /// Calls `on_stop` and closes open positions at the last close; orders still resting stay unfilled.
    public func finish() {
        engine.stop()
        route()
        engine.closeOut(feeBps: venue.model.takerFeeBps)
    }
}
