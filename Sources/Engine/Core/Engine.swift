public import SparkCore

/// The single deterministic heart of a run: events in, commands and decisions out.
///
/// The engine owns order state, the portfolio and the equity record, and calls the strategy. It never
/// reads a clock (time is the time of the event being handled) and knows nothing of the mode it runs
/// in: backtest, paper and live differ only in the driver that feeds it and routes its commands.
/// It is one owned object, used from one isolation domain; it is deliberately not an actor, because a
/// hop per bar would cost more than the bar.
public final class Engine {
    public let configuration: EngineConfiguration
    public let symbols: SymbolTable
    /// Instruments indexed by `SymbolID.rawValue`.
    public let instruments: [Instrument]

    public private(set) var portfolio: Portfolio {
        didSet { cashValue = portfolio.cash.doubleValue }
    }
    /// `portfolio.cash` as a Double, converted when the portfolio changes (on fills) rather than on
    /// every bar's equity mark.
    private var cashValue: Double
    /// Each instrument's units per whole quantity: marking a position divides by it with no copy of
    /// the instrument (its strings) per bar.
    private let quantityScales: [Double]
    /// Resting orders, in id order.
    public private(set) var openOrders: [Order] = []
    /// Everything decided, in order: what replay compares.
    public private(set) var decisions: [Decision] = []
    /// Lots closed since the last ``takeClosedLots()`` (all of them when no driver takes them).
    public private(set) var closedLots: [Portfolio.ClosedLot] = []
    public private(set) var equity: EquityTracker = EquityTracker()
    /// Time of the event being handled, in ms since the epoch.
    public private(set) var now: Int64 = 0
    /// Events handled so far; the index a journal uses to place an overrun.
    public private(set) var eventCount: Int = 0
    public private(set) var failure: StrategyFailure? {
        didSet { halted = failure != nil }
    }
    /// `failure != nil`, kept apart: the per-event checks read one flag instead of copying the optional.
    private var halted = false
    public private(set) var barCount: Int = 0
    public private(set) var ordersSubmitted: Int = 0
    public private(set) var ordersRejected: Int = 0
    /// Last and first close per symbol, for marking and buy-and-hold.
    public private(set) var lastPrice: [Double]
    /// Time of each symbol's last price (`Int64.min` before its first bar), for reference-age checks.
    public private(set) var lastPriceTime: [Int64]
    public private(set) var firstPrice: [Double]
    /// Orders refused by a guardrail rule, counted per rule id.
    public private(set) var rejectionsByRule: [String: Int] = [:]
    /// Breaker and kill-switch transitions, in order: every one, or the first ``keptTransitions``.
    public private(set) var transitions: [BreakerTransition] = []
    /// Every transition so far, kept in ``transitions`` or not.
    public private(set) var transitionCount = 0
    /// How many transitions ``transitions`` keeps; nil keeps them all (a paper session reads them
    /// as they come). A backtest bounds them: a breaker that trips every few hours would otherwise
    /// grow its memory with the bars (each transition is in the run log and the decision stream).
    public var keptTransitions: Int?

    /// The pre-trade controls every order passes; nil runs unguarded (the driver decides, never the mode).
    public var preTradeGuard: (any PreTradeGuard)?

    /// Where the strategy's own lines go, after the caps; nil sends them to ``log`` at `.info`.
    public var strategyOutput: ((String) -> Void)?

    /// Where strategy logs and engine warnings go; the driver decides (stderr, a journal, a test).
    public var log: (LogLevel, String) -> Void = { _, _ in }

    private var strategy: (any StrategyRuntime)?
    private var commands: [VenueCommand] = []
    private var ordersThisCallback = 0
    /// Order attempts (accepted or refused) in the current callback: past the flood limit, refusals
    /// are counted rather than recorded, so a loop of refused orders cannot grow the host's memory.
    private var attemptsThisCallback = 0
    /// Refused attempts past the flood limit, counted, not recorded.
    public private(set) var suppressedAttempts = 0
    /// Warnings of each kind after the first, counted rather than printed (one line per reason).
    public private(set) var repeatedWarnings: [String: Int] = [:]
    /// Decisions made so far, including those a driver already took with ``takeDecisions()``.
    public var decisionCount: Int { decisionsTaken + decisions.count }
    private var decisionsTaken = 0
    /// Caps on what a strategy may log (line length, lines per run or per hour of event time).
    public var logLimits = StrategyLogLimits()
    private var logGate = StrategyLogGate()
    private var nextOrderID: Int64 = 1
    /// Each symbol's name and grid, shared by the decisions about it.
    private let subjects: [Decision.Subject]
    private var openPositions = 0

    public init(configuration: EngineConfiguration, symbols: SymbolTable, instruments: [Instrument]) {
        precondition(symbols.count == instruments.count, "one instrument per symbol")
        self.configuration = configuration
        self.symbols = symbols
        self.instruments = instruments
        self.quantityScales = instruments.map(\.quantityScale)
        self.cashValue = configuration.initialCash.doubleValue
        self.portfolio = Portfolio(cash: configuration.initialCash, symbolCount: symbols.count)
        self.lastPrice = Array(repeating: .nan, count: symbols.count)
        self.firstPrice = Array(repeating: .nan, count: symbols.count)
        self.lastPriceTime = Array(repeating: .min, count: symbols.count)
        self.subjects = instruments.indices.map { index in
            Decision.Subject(symbol: symbols.name(of: SymbolID(Int32(index))), priceDecimals: instruments[index].priceDecimals, quantityDecimals: instruments[index].quantityDecimals)
        }
    }

    // MARK: Running

    /// Attaches the strategy and calls its `on_start`.
    public func start(strategy: any StrategyRuntime, at time: Int64) {
        self.strategy = strategy
        now = time
        invoke { strategy throws(StrategyFailure) in try strategy.start(engine: self) }
    }

    /// Handles one event; commands it causes wait in ``drainCommands()``.
    public func handle(_ event: EngineEvent) {
        eventCount += 1
        switch event {
        case .bar(let bar):
            handleBar(bar)
        case .venue(let report):
            handleVenue(report)
        case .timer(let time):
            now = max(now, time)
            observe(closedFrom: closedLots.count)
        case .control(let control):
            if let preTradeGuard { apply(preTradeGuard.control(control, account: account())) }
            if case .flatten = control { flatten() }
        }
    }

    @inline(__always)
    private func handleBar(_ bar: Bar) {
        now = bar.time
        barCount += 1
        let index = Int(bar.symbol.rawValue)
        if firstPrice[index].isNaN { firstPrice[index] = bar.close }
        lastPrice[index] = bar.close
        lastPriceTime[index] = bar.time
        let marked = markedEquity()
        equity.record(time: bar.time, equity: marked, exposed: openPositions > 0)
        if let preTradeGuard {
            let changes = preTradeGuard.observe(now: now, equity: marked, lastPriceTime: lastPriceTime, closed: [])
            if !changes.isEmpty { apply(changes) }
        }
        invoke { strategy throws(StrategyFailure) in try strategy.bar(bar) }
    }

    private func handleVenue(_ report: VenueEvent) {
        switch report {
        case .accepted:
            return
        case .partiallyFilled(let fill):
            handleFill(fill, completes: false)
        case .filled(let fill):
            handleFill(fill, completes: true)
        case .rejected(let id, let reason, let time):
            end(id, .rejected, reason: reason, time: time)
        case .cancelled(let id, let reason, let time):
            end(id, .cancelled, reason: reason, time: time)
        case .expired(let id, let reason, let time):
            end(id, .expired, reason: reason, time: time)
        case .unknown(let id, let command, let time):
            // The order stays open: only a later report (or a query) may end it; it is never resubmitted.
            now = max(now, time)
            record(.unknown(id, command: command, time: now), about: openOrders.first { $0.id == id }?.symbol)
            log(.warning, "order \(id): outcome of the \(command.rawValue) is unknown; the order stays open until the venue reports it")
        }
    }

    private func handleFill(_ fill: Fill, completes: Bool) {
        now = max(now, fill.time)
        let slot = openOrders.firstIndex(where: { $0.id == fill.orderID })
        if slot == nil {
            // A fill after the order ended here (a live venue's late report) still moved money: book it.
            log(.error, "late fill for order \(fill.orderID), which had already ended here: booked")
        }
        let instrument = instruments[Int(fill.symbol.rawValue)]
        let notional = instrument.notional(fill.price, fill.quantity) ?? .zero
        let before = portfolio.positions[Int(fill.symbol.rawValue)]
        let closedBefore = closedLots.count
        closedLots += portfolio.apply(fill, instrument: instrument, notional: notional)
        let after = portfolio.positions[Int(fill.symbol.rawValue)]
        openPositions += (after != 0 ? 1 : 0) - (before != 0 ? 1 : 0)
        record(.filled(fill), about: fill.symbol)
        observe(closedFrom: closedBefore)
        guard let slot else { return }
        openOrders[slot].filled = openOrders[slot].filled + fill.quantity
        var order = openOrders[slot]
        if completes || order.remaining.units <= 0 {
            order.status = .filled
            openOrders.remove(at: slot)
        }
        guard order.origin == .strategy else { return }
        invoke { strategy throws(StrategyFailure) in try strategy.fill(fill, order: order) }
    }

    private func end(_ id: OrderID, _ status: OrderStatus, reason: String, time: Int64) {
        now = max(now, time)
        guard let slot = openOrders.firstIndex(where: { $0.id == id }) else { return }
        var order = openOrders.remove(at: slot)
        order.status = status
        order.reason = reason
        record(.ended(OrderUpdate(orderID: id, status: status, reason: reason, time: now)), about: order.symbol)
        if status == .rejected {
            ordersRejected += 1
            log(.warning, "order \(order.id) rejected by venue: \(reason)")
        }
        guard order.origin == .strategy else { return }
        invoke { strategy throws(StrategyFailure) in try strategy.orderEnded(order) }
    }

    /// Calls `on_stop`. The driver then closes what is still open (see ``closeOut(feeBps:)``).
    public func stop() {
        invoke { strategy throws(StrategyFailure) in try strategy.stop() }
        strategy = nil
    }

    /// Stops calling the strategy and cancels its resting orders; the run itself goes on.
    ///
    /// The engine calls this when a callback fails; a replay calls it where the journal recorded an overrun.
    public func halt(_ failure: StrategyFailure) {
        guard self.failure == nil else { return }
        self.failure = failure
        record(.strategyFailed(failure, eventIndex: eventCount), about: nil)
        // One line: the whole failure, traceback included, is reported once, where the run ends.
        log(.error, "strategy halted at event \(eventCount): \(failure.headline)")
        for order in openOrders where order.origin == .strategy { requestCancel(order.id, reason: "the strategy halted") }
    }

    // MARK: Guardrails

    /// The account as a guard sees it at this event.
    public func account(equity: Double? = nil) -> AccountView {
        AccountView(
            now: now, cash: portfolio.cash, equity: equity ?? markedEquity(), positions: portfolio.positions, lastPrice: lastPrice,
            lastPriceTime: lastPriceTime, openOrders: openOrders, instruments: instruments, symbols: symbols
        )
    }

    private func observe(closedFrom start: Int) {
        guard let preTradeGuard else { return }
        let changes = preTradeGuard.observe(now: now, equity: markedEquity(), lastPriceTime: lastPriceTime, closed: closedLots[start...])
        if !changes.isEmpty { apply(changes) }
    }

    /// Books transitions and cancels what the new trading mode no longer allows to rest.
    private func apply(_ changes: [BreakerTransition]) {
        for change in changes {
            transitionCount += 1
            if transitions.count < keptTransitions ?? .max { transitions.append(change) }
            record(.breaker(change), about: nil)
            log(.info, "breaker \(change.breaker): \(change.from.rawValue) -> \(change.to.rawValue) (\(change.reason))")
        }
        guard let mode = preTradeGuard?.mode, mode != .active else { return }
        for order in openOrders where order.origin == .strategy {
            if mode == .halted || increasesExposure(order) { requestCancel(order.id, reason: "trading mode \(mode.rawValue)") }
        }
    }

    private func increasesExposure(_ order: Order) -> Bool {
        let position = portfolio.positions[Int(order.symbol.rawValue)]
        return position == 0 || (position > 0) == (order.side == .buy)
    }

    /// Commands produced since the last call, in order.
    public func drainCommands() -> [VenueCommand] {
        defer { commands.removeAll(keepingCapacity: true) }
        return commands
    }

    public var hasCommands: Bool { !commands.isEmpty }

    @inline(__always)
    private func invoke(_ body: (any StrategyRuntime) throws(StrategyFailure) -> Void) {
        guard !halted, let strategy else { return }
        ordersThisCallback = 0
        attemptsThisCallback = 0
        do {
            try body(strategy)
        } catch {
            halt(error)
        }
    }

    // MARK: What strategies may ask

    /// Current equity: cash plus positions marked at the last close (a `Double`, for reporting and metrics).
    public func markedEquity() -> Double {
        var value = cashValue
        if openPositions > 0 {
            for index in portfolio.positions.indices where portfolio.positions[index] != 0 {
                value += Double(portfolio.positions[index]) / quantityScales[index] * lastPrice[index]
            }
        }
        return value
    }

    /// Position in `symbol`, in instrument units as a decimal.
    @inline(__always)
    public func position(_ symbol: SymbolID) -> Double {
        let units = portfolio.positions[Int(symbol.rawValue)]
        return units == 0 ? 0 : Double(units) / quantityScales[Int(symbol.rawValue)]
    }

    /// Submits an order from the strategy; returns its id, or why it was refused.
    public func submit(
        symbol: SymbolID, side: Side, kind: OrderKind, quantity: Double, price: Double?, tag: String? = nil
    ) -> Result<OrderID, OrderRejection> {
        let limit = kind.hasLimit ? price : nil
        let trigger = kind.hasLimit || kind == .market ? nil : price
        var request = OrderRequest(symbol: symbol, side: side, kind: kind, quantity: quantity, price: limit, trigger: trigger, tag: tag)
        if kind == .market { request.price = price }
        return submit(request)
    }

    /// Submits one order: rounds it onto the instrument's grid (quantities down to the step, prices
    /// never toward a more aggressive fill, see ``OrderRequest``), lets the guard check the rounded
    /// order, and queues it for the venue; returns its id, or why it was refused.
    public func submit(_ request: OrderRequest) -> Result<OrderID, OrderRejection> {
        // One order, no arrays: the common case costs no allocation beyond the order's own records.
        switch admit(request, extra: 0) {
        case .failure(let rejection):
            return .failure(rejection)
        case .success(var order):
            if let rejection = guardRejection(&order) { return .failure(rejection) }
            order.id = OrderID(nextOrderID)
            accept(order)
            return .success(order.id)
        }
    }

    /// Submits orders tied together (``OrderListKind``): all are checked before any is sent, and one
    /// refusal refuses them all. A bracket's first request is the entry; its exits follow.
    public func submit(_ requests: [OrderRequest], as list: OrderListKind) -> Result<[OrderID], OrderRejection> {
        var orders: [Order] = []
        for request in requests {
            switch admit(request, extra: orders.count) {
            case .failure(let rejection): return .failure(rejection)
            case .success(let order): orders.append(order)
            }
        }
        if let rejection = OrderCheck.link(&orders, as: list, nextID: nextOrderID) {
            return .failure(refuse(orders[0], rejection))
        }
        for index in orders.indices {
            if let rejection = guardRejection(&orders[index]) { return .failure(rejection) }
        }
        for order in orders { accept(order) }
        return .success(orders.map(\.id))
    }

    /// The order `request` asks for, on the grid, or the engine's own refusal (recorded).
    private func admit(_ request: OrderRequest, extra: Int) -> Result<Order, OrderRejection> {
        attemptsThisCallback += 1
        if attemptsThisCallback > 2 * configuration.maxOrdersPerCallback {
            // Far past the flood limit: refuse without a record or a line each.
            suppressedAttempts += 1
            ordersRejected += 1
            return .failure(OrderRejection(.flood, "more than \(configuration.maxOrdersPerCallback) orders in one callback; batch or throttle them"))
        }
        let index = Int(request.symbol.rawValue)
        var order = Order(id: OrderID(0), symbol: request.symbol, side: request.side, kind: request.kind, quantity: .zero, price: nil, createdAt: now, tag: request.tag)
        if let rejection = admissionRejection(extra: extra) ?? OrderCheck.build(&order, request, instrument: instruments[index], now: now, lastPrice: lastPrice[index]) {
            return .failure(refuse(order, rejection))
        }
        return .success(order)
    }

    /// The guard's refusal of `order` (recorded), or nil when it passes or there is no guard.
    private func guardRejection(_ order: inout Order) -> OrderRejection? {
        guard let preTradeGuard, case .reject(let rejection) = preTradeGuard.check(OrderIntent(order: order), account: account()) else { return nil }
        recordGuardRejection(&order, rejection)
        // Debug: every rejection is a decision already; drivers show them on request, not by default.
        log(.debug, "order rejected by guardrail \(rejection)")
        return OrderRejection(.guardrail, rejection.description)
    }

    /// Books an admitted order (its id set) and queues it for the venue.
    private func accept(_ order: Order) {
        nextOrderID = max(nextOrderID, order.id.rawValue) + 1
        ordersThisCallback += 1
        ordersSubmitted += 1
        openOrders.append(order)
        commands.append(.submit(order))
        record(.submitted(order), about: order.symbol)
    }

    /// Why no order may be admitted now, whatever it is: a halted strategy, a flood, a full book.
    private func admissionRejection(extra: Int) -> OrderRejection? {
        if let failure {
            return OrderRejection(.halted, "the strategy is halted (\(failure.code.rawValue)); no new orders")
        }
        if ordersThisCallback + extra >= configuration.maxOrdersPerCallback {
            return OrderRejection(.flood, "more than \(configuration.maxOrdersPerCallback) orders in one callback; batch or throttle them")
        }
        if openOrders.count + extra >= configuration.maxOpenOrders {
            return OrderRejection(.tooManyOpenOrders, "\(openOrders.count) orders already resting; cancel some first")
        }
        return nil
    }

    /// Books the engine's own refusal of `order` and warns once per kind.
    private func refuse(_ order: Order, _ rejection: OrderRejection) -> OrderRejection {
        var order = order
        order.status = .rejected
        order.reason = rejection.description
        ordersRejected += 1
        record(.rejected(order), about: order.symbol)
        warnOnce("order rejected (\(rejection.code.rawValue))", "order rejected: \(rejection)")
        return rejection
    }

    /// Books a guardrail's refusal of `order`: its status, the counts and the decision.
    private func recordGuardRejection(_ order: inout Order, _ rejection: GuardRejection) {
        order.status = .rejected
        order.reason = rejection.description
        ordersRejected += 1
        rejectionsByRule[rejection.rule, default: 0] += 1
        record(.guardRejected(order, rejection), about: order.symbol)
    }

    /// Appends a decision, naming its symbol and grid so it reads without the engine.
    private func record(_ event: Decision.Event, about symbol: SymbolID?) {
        decisions.append(Decision(event, subject: symbol.map { subjects[Int($0.rawValue)] }))
    }

    /// Logs the first warning of `kind` and counts the rest (see ``repeatedWarnings``).
    private func warnOnce(_ kind: String, _ message: @autoclosure () -> String) {
        if let seen = repeatedWarnings[kind] {
            repeatedWarnings[kind] = seen + 1
        } else {
            repeatedWarnings[kind] = 0
            log(.warning, message() + " (repeats are counted, not printed)")
        }
    }

    /// One line from the strategy (`ctx:log`, `print`), under ``logLimits``: too long a line is cut,
    /// lines past the cap are counted in ``suppressedLogLines``.
    public func strategyLog(_ line: String) {
        guard logGate.admit(at: now, limits: logLimits) else { return }
        let kept = StrategyLogGate.cut(line, to: logLimits.maxLineBytes)
        if let strategyOutput { strategyOutput(kept) } else { log(.info, kept) }
    }

    /// Strategy log lines dropped by the caps so far.
    public var suppressedLogLines: Int { logGate.suppressed }

    /// The decisions made since the last call, removed from the engine: a driver that records them
    /// as they happen (a paper journal) keeps the engine's memory flat over a session of weeks.
    public func takeDecisions() -> ArraySlice<Decision> {
        // Most bars decide nothing: taking nothing must not touch the buffer.
        if decisions.isEmpty { return [] }
        let taken = decisions[...]
        decisionsTaken += decisions.count
        decisions.removeAll(keepingCapacity: true)
        return taken
    }

    /// The lots closed since the last call, removed from the engine: a backtest streams them to
    /// trades.csv and its trade statistics instead of keeping every trade until the end.
    public func takeClosedLots() -> ArraySlice<Portfolio.ClosedLot> {
        if closedLots.isEmpty { return [] }
        let taken = closedLots[...]
        closedLotsTaken += closedLots.count
        closedLots.removeAll(keepingCapacity: true)
        return taken
    }

    /// Lots closed so far, including those a driver already took with ``takeClosedLots()``.
    public var closedLotCount: Int { closedLotsTaken + closedLots.count }
    private var closedLotsTaken = 0

    /// Asks the venue to cancel a resting order; false when no such order is open.
    @discardableResult
    public func cancel(_ id: OrderID) -> Bool {
        guard failure == nil, openOrders.contains(where: { $0.id == id && $0.origin == .strategy }) else { return false }
        requestCancel(id, reason: "cancelled by strategy")
        return true
    }

    private func requestCancel(_ id: OrderID, reason: String) {
        commands.append(.cancel(id, reason: reason))
        record(.cancelRequested(id, time: now), about: openOrders.first { $0.id == id }?.symbol)
    }

    /// The operator's flatten: cancels every resting order (cancels always pass) and sends a market
    /// order closing each position. It runs when the strategy is halted too, and its orders go to the
    /// guard as risk orders, so an engaged kill switch lets them (and only them) through.
    private func flatten() {
        for order in openOrders where order.origin == .strategy { requestCancel(order.id, reason: "flatten") }
        for index in portfolio.positions.indices where portfolio.positions[index] != 0 {
            let units = portfolio.positions[index]
            var order = Order(
                id: OrderID(0), symbol: SymbolID(Int32(index)), side: units > 0 ? .sell : .buy, kind: .market,
                quantity: Quantity(units: abs(units)), price: nil, createdAt: now, origin: .risk
            )
            if let preTradeGuard, case .reject(let rejection) = preTradeGuard.check(OrderIntent(order: order), account: account()) {
                recordGuardRejection(&order, rejection)
                log(.warning, "flatten order rejected by guardrail \(rejection)")
                continue
            }
            queue(&order)
        }
    }

    private func queue(_ order: inout Order) {
        order.id = OrderID(nextOrderID)
        nextOrderID += 1
        ordersSubmitted += 1
        openOrders.append(order)
        commands.append(.submit(order))
        record(.submitted(order), about: order.symbol)
    }

    /// Cancels what the strategy left resting and sends a close-out order for every open position,
    /// so the report counts open trades too (backtesting.py's `finalize_trades=True`).
    ///
    /// The kernel routes the orders in the ``RoutingPhase/closeOut`` phase, where the simulated venue
    /// fills them at the last close with the taker fee; then ``recordCloseOut()``.
    public func closeOut() {
        for order in openOrders where order.origin == .strategy { requestCancel(order.id, reason: "end of run") }
        for index in portfolio.positions.indices where portfolio.positions[index] != 0 {
            let units = portfolio.positions[index]
            var order = Order(
                id: OrderID(0), symbol: SymbolID(Int32(index)), side: units > 0 ? .sell : .buy, kind: .market,
                quantity: Quantity(units: abs(units)), price: nil, createdAt: now, origin: .closeOut
            )
            queue(&order)
        }
    }

    /// Books the equity after the close-out as the run's last record.
    public func recordCloseOut() {
        equity.recordCloseOut(time: now, equity: markedEquity())
    }
}
