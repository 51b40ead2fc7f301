public import Engine
public import SparkCore
public import LuaRuntime

/// Evaluates one policy for one strategy: every order through the rules, every event through the breakers.
///
/// One owned object on the engine's isolation domain, like the engine itself. It reads no clock: all
/// times are event times from the ``AccountView``, so backtest, paper and replay decide identically.
public final class Guardrails: PreTradeGuard {
    public let policy: Policy
    /// SHA-256 of the policy's canonical form, written with every decision.
    public let policyHash: String
    public let strategy: String
    let symbolNames: [String]
    /// Where rule errors go (a Lua rule that failed, with its position).
    public var log: (String) -> Void = { _ in }
    /// Hears of each wall-clock overrun of a Lua rule (paper, live), so the journal can place it.
    public var onRuleOverrun: (RuleOverrun) -> Void = { _ in }
    let ruleBudget: RuleBudget

    /// Rules that apply to this strategy, in policy order, each with the symbols it covers.
    let rules: [ActiveRule]
    var breakers: [BreakerRuntime]
    var killReason: String?
    /// Times of recently allowed orders, for rate rules: one ring for the strategy, one per symbol.
    var strategyTimes: TimeRing
    var symbolTimes: [TimeRing]
    var recent: RecentOrders
    var lossStreak = 0
    var peakEquity = -Double.infinity
    var day: Int64 = .min
    var dayStartEquity = 0.0
    var outcomes: OutcomeRing
    var errorTimes: TimeRing
    /// What the breakers last saw, so an event that changed none of it costs a few comparisons.
    var observedEquity = Double.nan
    /// The UTC day `day` spans, so most events skip the division that finds the day.
    var dayBegins: Int64 = .max
    var dayEnds: Int64 = .min
    var observedOutcomes = 0
    var observedErrors = 0
    /// The shortest `data_stale` age of the policy's breakers, nil when none watches staleness.
    let staleAge: Int64?
    /// How often each rule allowed and rejected, indexed like ``Policy/rules``: the coverage report.
    public internal(set) var allowCounts: [Int]
    public internal(set) var rejectCounts: [Int]

    public private(set) var mode: TradingMode = .active

    /// Budgets for Lua rules: a rule runs on every order, so it gets far less than a strategy callback.
    public static let defaultLuaLimits = LuaLimits(timeBudget: .milliseconds(50), memoryLimit: 16 << 20)

    /// Prepares `policy` for `strategy` trading `symbols`; Lua rules load here, so a bad one fails now.
    ///
    /// `ruleBudget` says what counts as a Lua rule running too long (``RuleBudget/for(mode:)``).
    public init(
        policy: Policy, policyHash: String, strategy: String, symbols: SymbolTable, luaLimits: LuaLimits = Guardrails.defaultLuaLimits,
        ruleBudget: RuleBudget = .instructions(RuleBudget.defaultInstructions)
    ) throws(GuardrailError) {
        self.policy = policy
        self.ruleBudget = ruleBudget
        self.policyHash = policyHash
        self.strategy = strategy
        symbolNames = symbols.names
        var active: [ActiveRule] = []
        for (index, rule) in policy.rules.enumerated() where PolicyScope.matches(rule.strategies, strategy) {
            let covered = symbols.names.map { PolicyScope.matches(rule.symbols, $0) }
            var lua: LuaRule?
            if case .lua(let file, let params) = rule.kind {
                guard let source = policy.luaSources[file] else {
                    throw GuardrailError(.rule, "rule '\(rule.id)': the Lua file \(file) was not loaded", location: file)
                }
                lua = try LuaRule(id: rule.id, file: file, source: source, params: params, strategy: strategy, limits: ruleBudget.limits(luaLimits))
                if case .journaled(let overruns) = ruleBudget { lua?.journaled = overruns.filter { $0.rule == rule.id } }
            }
            active.append(ActiveRule(index: index, rule: rule, coversSymbol: covered, lua: lua))
        }
        rules = active
        breakers = policy.breakers.map { BreakerRuntime(spec: $0) }
        staleAge = policy.breakers.compactMap { if case .dataStale(let age) = $0.condition { age } else { nil } }.min()
        var rateCapacity = 1
        for rule in active { if case .orderRate(let max, _, _) = rule.rule.kind { rateCapacity = Swift.max(rateCapacity, max + 1) } }
        strategyTimes = TimeRing(capacity: rateCapacity)
        symbolTimes = Array(repeating: TimeRing(capacity: rateCapacity), count: symbols.count)
        recent = RecentOrders(capacity: 64)
        var window = 1
        var errors = 1
        for breaker in policy.breakers {
            if case .rejectRate(_, let size, _) = breaker.condition { window = Swift.max(window, size) }
            if case .errorCount(let count, _) = breaker.condition { errors = Swift.max(errors, count + 1) }
        }
        outcomes = OutcomeRing(capacity: window)
        errorTimes = TimeRing(capacity: errors)
        allowCounts = Array(repeating: 0, count: policy.rules.count)
        rejectCounts = Array(repeating: 0, count: policy.rules.count)
    }

    // MARK: PreTradeGuard

    public func check(_ intent: OrderIntent, account: AccountView) -> GuardVerdict {
        // An operator's flatten that only reduces is what the kill switch and halted breakers exist to let happen.
        let operatorFlatten = intent.isFlatten && Self.reduces(intent.order, account: account)
        if let killReason, !operatorFlatten {
            return .reject(GuardRejection(rule: "kill-switch", code: "kill_switch", message: "the kill switch is on (\(killReason)); no orders until `spark kill off` (spark flatten closes positions)"))
        }
        if mode != .active, !operatorFlatten, let refusal = modeRefusal(intent.order, account: account) {
            return .reject(refusal)
        }
        let symbol = Int(intent.order.symbol.rawValue)
        let instrument = account.instruments[symbol]
        for active in rules where active.coversSymbol[symbol] {
            if let rejection = evaluate(active, intent, account: account, instrument: instrument) {
                rejectCounts[active.index] += 1
                outcomes.push(rejected: true)
                return .reject(rejection)
            }
            allowCounts[active.index] += 1
        }
        outcomes.push(rejected: false)
        strategyTimes.push(account.now)
        symbolTimes[symbol].push(account.now)
        recent.push(intent.order, at: account.now)
        return .allow
    }

    /// Refuses orders a tripped breaker no longer allows: all of them when halted, exposure-increasing ones in reduce-only.
    private func modeRefusal(_ order: Order, account: AccountView) -> GuardRejection? {
        let cause = breakers.first { $0.mode == mode }
        let rule = cause?.spec.id ?? "breaker"
        if mode == .halted {
            return GuardRejection(rule: rule, code: "halted", message: "breaker \(rule) halted trading (\(cause?.reason ?? "tripped")); no orders until it resets")
        }
        guard !Self.reduces(order, account: account) else { return nil }
        return GuardRejection(rule: rule, code: "reduce_only", message: "breaker \(rule) allows only orders that reduce a position (\(cause?.reason ?? "tripped"))")
    }

    /// Whether `order` only shrinks the position in its symbol (never flips or opens one).
    static func reduces(_ order: Order, account: AccountView) -> Bool {
        let position = account.positions[Int(order.symbol.rawValue)]
        let signed = order.side.sign * order.quantity.units
        return position != 0 && (position > 0) != (signed > 0) && abs(signed) <= abs(position)
    }

    public func observe(now: Int64, equity: Double, lastPriceTime: [Int64], closed: ArraySlice<Portfolio.ClosedLot>) -> [BreakerTransition] {
        for lot in closed {
            if lot.pnl.units < 0 { lossStreak += 1 } else if lot.pnl.units > 0 { lossStreak = 0 }
        }
        var newDay = false
        if now < dayBegins || now >= dayEnds {
            let today = now >= 0 ? now / 86_400_000 : (now + 1) / 86_400_000 - 1
            if today != day {
                day = today
                dayStartEquity = equity
                newDay = true
            }
            dayBegins = today * 86_400_000
            dayEnds = dayBegins + 86_400_000
        }
        if equity > peakEquity { peakEquity = equity }
        // Most events change little a breaker reads: each breaker is looked at only when its own
        // input moved (equity, closed trades, order outcomes, rule errors, price ages) or it is tripped.
        var moved = InputSet()
        if equity != observedEquity || newDay { moved.insert(.equity) }
        if !closed.isEmpty { moved.insert(.trades) }
        if outcomes.version != observedOutcomes { moved.insert(.outcomes) }
        if errorTimes.pushes != observedErrors { moved.insert(.errors) }
        if possiblyStale(now: now, lastPriceTime: lastPriceTime) { moved.insert(.time) }
        observedEquity = equity
        observedOutcomes = outcomes.version
        observedErrors = errorTimes.pushes
        guard !breakers.isEmpty, !moved.isEmpty || mode != .active else { return [] }
        let account = Observation(now: now, equity: equity, lastPriceTime: lastPriceTime)
        var changes: [BreakerTransition] = []
        for index in breakers.indices where breakers[index].mode != .active || moved.contains(breakers[index].input) {
            step(&breakers[index], account: account, into: &changes)
        }
        if !changes.isEmpty { updateMode() }
        return changes
    }

    public func control(_ event: ControlEvent, account: AccountView) -> [BreakerTransition] {
        var changes: [BreakerTransition] = []
        switch event {
        case .kill(let on, let reason):
            if on, killReason == nil {
                killReason = reason
                changes.append(BreakerTransition(breaker: "kill-switch", from: mode, to: .halted, reason: "kill switch on: \(reason)", time: account.now))
            } else if !on, killReason != nil {
                killReason = nil
                let from = mode
                updateMode()
                changes.append(BreakerTransition(breaker: "kill-switch", from: from, to: mode, reason: "kill switch off: \(reason)", time: account.now))
            }
        case .resetBreaker(let id, let by, let reason):
            if let index = breakers.firstIndex(where: { $0.spec.id == id }), breakers[index].mode != .active {
                let from = breakers[index].mode
                rebaseline(breakers[index].spec.condition, account: Observation(now: account.now, equity: account.equity, lastPriceTime: account.lastPriceTime))
                breakers[index].release()
                changes.append(BreakerTransition(breaker: id, from: from, to: .active, reason: "manual reset by \(by): \(reason)", time: account.now))
            }
        case .flatten:
            // The engine sends the closing orders; each comes back through check marked as a flatten.
            break
        }
        updateMode()
        return changes
    }

    /// Whether some symbol's price is older than the shortest staleness limit (nothing but time can change that).
    private func possiblyStale(now: Int64, lastPriceTime: [Int64]) -> Bool {
        guard let staleAge else { return false }
        for time in lastPriceTime where time != .min && now - time > staleAge { return true }
        return false
    }

    func updateMode() {
        var worst = killReason == nil ? TradingMode.active : .halted
        for breaker in breakers where breaker.mode > worst { worst = breaker.mode }
        mode = worst
    }
}
