public import SparkCore

/// The per-event choreography of engine and venue, the same in every mode.
///
/// Events reach the engine in phases, and what a phase's callbacks decide reaches the venue only
/// after the phase: a bar's open and range (fills) → the strategy's `on_bar` → the bar's close
/// (fill-at-close market orders). Nothing a callback does can reach the venue while the venue is
/// working, so no order placed in a callback fills on the bar that placed it (docs/fills.md).
public final class SessionLoop {
    public let engine: Engine
    public let venue: any Venue
    /// Venue round trips one routing may take before the strategy is halted: a strategy whose
    /// `on_order` places and cancels orders forever would otherwise never let the bar end.
    public static let maxRounds = 1_000

    public init(engine: Engine, venue: any Venue) {
        self.engine = engine
        self.venue = venue
    }

    /// Attaches the strategy, calls `on_start` and routes what it placed.
    public func start(_ strategy: any StrategyRuntime, at time: Int64) {
        engine.start(strategy: strategy, at: time)
        route(.betweenBars)
    }

    /// One bar: fills at its open and in its range, the strategy's `on_bar`, fills at its close.
    @inline(__always)
    public func step(_ bar: Bar) {
        if venue.open(bar) { pump() }
        engine.handle(.bar(bar))
        if engine.hasCommands { route(.afterBar) }
        if venue.close(bar) { pump() }
    }

    /// An operator's action (kill switch, breaker reset, flatten), applied between bars.
    public func control(_ event: ControlEvent) {
        engine.handle(.control(event))
        route(.betweenBars)
    }

    /// Hands the venue's reports to the engine, then routes what their callbacks decided. A live
    /// venue reports between bars (an exchange's answer, a user-stream fill): its driver calls this
    /// after each such input.
    public func pump() {
        for event in venue.drainEvents() { engine.handle(.venue(event)) }
        route(.betweenBars)
    }

    /// Sends pending commands to the venue and hands back what it answers at once (cancels,
    /// rejections), until the engine has nothing more to send. Only the first round is `phase`:
    /// orders placed in the callbacks of its answers wait for the next bar.
    public func route(_ phase: RoutingPhase) {
        var phase = phase
        var rounds = 0
        while engine.hasCommands {
            rounds += 1
            if rounds > Self.maxRounds {
                engine.halt(StrategyFailure(
                    code: .sandbox, message: "order callbacks kept placing and cancelling orders for \(Self.maxRounds) rounds without the bar moving on",
                    hint: "do not cancel, in on_order, the orders placed in on_order"
                ))
            }
            venue.send(engine.drainCommands(), phase: phase, time: engine.now)
            phase = .betweenBars
            for event in venue.drainEvents() { engine.handle(.venue(event)) }
        }
    }

    /// Calls `on_stop`, cancels what still rests and closes open positions at the last close.
    public func finish() {
        engine.stop()
        route(.betweenBars)
        engine.closeOut()
        route(.closeOut)
        engine.recordCloseOut()
    }
}
