public import Engine
public import Guardrails
public import SparkCore
public import Desk
import Strategies

/// One session, assembled once: strategy, engine, guard and venue, fed by an event source.
///
/// Backtest, paper, replay and the lab's scenarios are thin drivers over this: they differ in where
/// events come from, how fast, and what they record, never in how an event is handled. It is the
/// only place that builds an engine, a guard or a venue, and the one place a policy is swapped.
public final class SessionKernel {
    public let mode: SessionMode
    public let setup: RunSetup
    public let engine: Engine
    public let loop: SessionLoop
    private let strategy: any StrategyRuntime
    /// The policy in force; nil runs unguarded.
    public private(set) var policy: PolicyFile?
    public private(set) var guardrails: Guardrails?
    private let ruleBudget: RuleBudget?
    /// Where the guard's own lines go (rule failures, breaker notes).
    private let guardLog: (String) -> Void
    /// Where a wall-clock rule overrun is recorded (a paper journal), so a replay repeats it.
    public var onRuleOverrun: (RuleOverrun) -> Void = { _ in } {
        didSet { guardrails?.onRuleOverrun = onRuleOverrun }
    }

    /// Builds the session: the engine with `spec`'s cash and the setup's instrument, the simulated
    /// venue with `spec`'s fill model, and the guard from `spec`'s policy (checked to apply here).
    public init(_ spec: SessionSpec, guardLog: @escaping (String) -> Void) throws {
        guard let cash = Money(spec.cash), spec.cash > 0 else {
            throw ConfigError(.flag, "--cash \(spec.cash) must be a positive amount below 90 billion")
        }
        mode = spec.mode
        setup = spec.setup
        ruleBudget = spec.ruleBudget
        self.guardLog = guardLog
        strategy = spec.strategy ?? spec.setup.strategy
        engine = Engine(configuration: EngineConfiguration(initialCash: cash), symbols: spec.setup.symbols, instruments: [spec.setup.instrument])
        engine.logLimits = spec.logLimits
        let venue = spec.venue?(engine.instruments, cash) ?? SimulatedVenue(model: spec.fillModel, instruments: engine.instruments, cash: cash)
        loop = SessionLoop(engine: engine, venue: venue)
        if let source = spec.policy {
            let prepared = try load(source)
            install(prepared)
        }
    }

    /// Whether the strategy has been started (on the first event).
    public var started: Bool { startedAt != nil }
    private var startedAt: Int64?

    /// Handles one event: the first bar starts the strategy; controls and policy changes apply
    /// between bars, where a replay puts them back.
    public func apply(_ event: SessionEvent) throws {
        switch event {
        case .bar(let bar):
            step(bar)
        case .control(let control):
            loop.control(control)
        case .policy(let source):
            _ = try replacePolicy(with: source)
        }
    }

    /// One bar (``apply(_:)`` without the event wrapper: the backtest's per-bar call).
    @inline(__always)
    public func step(_ bar: Bar) {
        if startedAt == nil { start(at: bar.time) }
        loop.step(bar)
    }

    /// Hands what the venue reported between bars (a live exchange's answers and stream events) to
    /// the engine, and sends what the strategy's callbacks decided.
    public func pumpVenue() {
        loop.pump()
    }

    /// Attaches the strategy and calls its `on_start` at `time`; the first bar does it when no one did.
    public func start(at time: Int64) {
        guard startedAt == nil else { return }
        startedAt = time
        loop.start(strategy, at: time)
    }

    /// Loads `source` and puts it in force, carrying breaker states and the kill switch over by id;
    /// returns the new policy, or nil when it is the one in force (same hash: nothing changes).
    /// A policy that does not load throws and the one in force stays.
    @discardableResult
    public func replacePolicy(with source: PolicySource) throws -> PolicyFile? {
        let next = try load(source)
        guard next.file.sha256 != policy?.sha256 else { return nil }
        if let guardrails { next.guardrails.restore(guardrails.snapshot()) }
        install(next)
        return next.file
    }

    /// Calls `on_stop`, cancels what still rests and closes open positions at the last close.
    public func finish() {
        loop.finish()
    }

    private func load(_ source: PolicySource) throws -> GuardSetup {
        let symbols = setup.symbols, strategy = setup.strategy.schema.name
        switch source {
        case .file(let path):
            return try GuardSetup.prepare(path: path, strategy: strategy, symbols: symbols, mode: mode, ruleBudget: ruleBudget)
        case .recorded(let path, let text, let luaSources, let sha256, let journal):
            let prepared = try GuardSetup.prepare(path: path, text: text, luaSources: luaSources, strategy: strategy, symbols: symbols, mode: mode, ruleBudget: ruleBudget)
            if let sha256, sha256 != prepared.file.sha256 {
                throw ConfigError(
                    .journal, "the recorded policy hashes to \(prepared.file.sha256.prefix(12))…, not the recorded \(sha256.prefix(12))…", file: journal,
                    hint: "the journal was edited"
                )
            }
            return prepared
        }
    }

    private func install(_ prepared: GuardSetup) {
        prepared.guardrails.log = guardLog
        prepared.guardrails.onRuleOverrun = onRuleOverrun
        policy = prepared.file
        guardrails = prepared.guardrails
        engine.preTradeGuard = prepared.guardrails
    }
}
