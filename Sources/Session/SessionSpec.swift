public import Engine
public import Guardrails
public import SparkCore
public import Strategies

/// What a session is made of, read once before it starts.
public struct SessionSpec {
    public var mode: SessionMode
    public var setup: RunSetup
    public var cash: Double
    public var fillModel: FillModel
    /// The guardrail policy; nil runs unguarded (backtests without `--policy`).
    public var policy: PolicySource?
    /// What counts as a rule running too long; nil takes the mode's (a replay passes the journal's).
    public var ruleBudget: RuleBudget?
    public var logLimits: StrategyLogLimits
    /// The strategy the engine calls; nil calls `setup.strategy` (a replay wraps it to repeat recorded overruns).
    public var strategy: (any StrategyRuntime)?
    /// Where orders go; nil is the simulated venue with ``fillModel``. A live session passes the
    /// exchange's venue, a live replay one that plays the journaled answers back.
    public var venue: VenueFactory?

    public init(
        mode: SessionMode, setup: RunSetup, cash: Double, fillModel: FillModel, policy: PolicySource?, ruleBudget: RuleBudget? = nil,
        logLimits: StrategyLogLimits = StrategyLogLimits()
    ) {
        self.mode = mode
        self.setup = setup
        self.cash = cash
        self.fillModel = fillModel
        self.policy = policy
        self.ruleBudget = ruleBudget
        self.logLimits = logLimits
    }
}

/// Builds a session's venue from the engine's instruments and starting cash.
public typealias VenueFactory = (_ instruments: [Instrument], _ cash: Money) -> any Venue

/// Where a policy comes from: a file as it is now, or the exact text a journal recorded.
public enum PolicySource: Sendable {
    case file(path: String)
    /// A recorded policy: its path (for messages), text, Lua rule sources and hash, checked on load;
    /// `journal` names the file it was read from.
    case recorded(path: String, text: String, luaSources: [String: String], sha256: String?, journal: String)
}

/// One input to a session, in the order it happened.
public enum SessionEvent: Sendable {
    case bar(Bar)
    /// An operator's action (kill switch, breaker reset, flatten), between bars.
    case control(ControlEvent)
    /// A new policy takes over between bars.
    case policy(PolicySource)
}

/// Where a session's events come from: a recorded file, the store, memory, a journal (a replay),
/// and later a live feed. Pulled one at a time, so a source of any length keeps memory flat.
public protocol EventSource {
    /// The next event, or nil at the end.
    mutating func next() throws -> SessionEvent?
}
