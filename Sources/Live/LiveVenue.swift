public import Foundation
public import Binance
public import Engine
public import SparkCore

/// The engine's venue over a real exchange: commands become journaled intents and gateway requests;
/// the exchange's answers and stream events, applied as journaled inputs, become venue events.
///
/// It never calls the exchange itself: ``takeRequests()`` hands the session what to call, and the
/// session feeds every answer back through ``apply(_:)`` after journaling it. Everything here is
/// synchronous and deterministic, so a replay of the journal rebuilds it exactly.
public final class LiveVenue: Venue {
    public let config: LiveConfig
    public let rules: SymbolRules
    public let instrument: Instrument
    /// Where intents are written; a restart swaps the catch-up journal for the new file.
    var journal: LiveJournal
    let paramsHash: String
    var policyHash: () -> String
    /// The exchange time of the input being applied (the journaled `time`).
    public internal(set) var now: Int64 = 0
    /// Spark's orders by client id.
    public internal(set) var orders: [String: LiveOrder] = [:]
    /// Client ids in order of creation, less the orders whose end is final (``compactActive()``).
    /// Every walk over orders (open orders before each new one, the tick, reconciliation) goes over
    /// this, so its cost follows the orders still open, not the length of the session.
    var active: [String] = []
    var byEngine: [OrderID: String] = [:]
    var byExchange: [Int64: String] = [:]
    /// Bracket exits that wait for their entry to fill (emulated OTO), by entry id.
    var held: [OrderID: [Order]] = [:]
    /// Trades booked, by "symbol#tradeId".
    var seenTrades: Set<String> = []
    /// Trades seen again (stream, REST answer, myTrades) and not booked twice.
    public internal(set) var duplicateTrades = 0
    public internal(set) var lastTradeID: Int64?
    var events: [VenueEvent] = []
    var requests: [GatewayRequest] = []
    /// Notes for the journal (reconciliation summaries, trips, late events), taken by the session.
    var notes: [String] = []
    /// 0 none, 1 no new orders, 2 also cancel all Spark orders and verify.
    public internal(set) var killLevel = 0
    public internal(set) var killReason: String?
    /// Why new orders are refused besides the kill switch (journal, reconciliation, stream), by source.
    public internal(set) var blocks: [String: String] = ["reconcile": "start-up reconciliation has not completed; no new orders"]
    /// Whether a finished level-2 kill found no Spark-owned open order left.
    public internal(set) var killVerified: Bool?
    var verifyRounds = 0
    /// No requests before this exchange time (a 429's Retry-After or a 418 ban).
    public internal(set) var quietUntil: Int64 = .min
    /// Balances adopted at the first start, per asset (free + locked).
    public internal(set) var baseline: [String: Decimal] = [:]
    /// What Spark's own fills moved, per asset (fees in their own asset included).
    public internal(set) var ledger: [String: Decimal] = [:]
    /// Fees paid in an asset that is neither base nor quote (BNB), per asset: not charged to cash.
    public internal(set) var otherFees: [String: Decimal] = [:]
    /// Spark's position from its own fills, instrument units.
    public internal(set) var position: Int64 = 0
    var lastClose: Double = .nan
    var lastBarTime: Int64?
    public internal(set) var clockOffset: Int64 = 0
    /// When a clock sync was last asked for (exchange time), so a blocked venue asks at most every `requeryMs`.
    var clockSyncAsked: Int64 = .min / 2

    /// A venue trading `rules.symbol` for `instrument`, writing intents to `journal`.
    public init(config: LiveConfig, rules: SymbolRules, instrument: Instrument, journal: LiveJournal, paramsHash: String, policyHash: @escaping () -> String) {
        self.config = config
        self.rules = rules
        self.instrument = instrument
        self.journal = journal
        self.paramsHash = paramsHash
        self.policyHash = policyHash
    }

    /// Whether new orders may go out now, and if not, why.
    public var openingBlocked: String? {
        if let failure = journal.failure { return "the journal cannot be written (\(failure.message)); no new orders" }
        if killLevel > 0 { return "kill switch level \(killLevel): \(killReason ?? "engaged")" }
        return blocks.keys.sorted().first.map { blocks[$0]! }
    }

    /// Spark's orders that are not terminal, in order of creation.
    public var openOrders: [LiveOrder] {
        compactActive()
        return active.compactMap { orders[$0] }.filter { !$0.state.isTerminal }
    }

    /// Drops ended orders from ``active``. NOT_PLACED stays: a late report can still bring it back.
    func compactActive() {
        active.removeAll { id in orders[id].map { $0.state.isTerminal && $0.state != .notPlaced } ?? true }
    }

    public func open(_ bar: Bar) -> Bool {
        lastClose = bar.open
        return !events.isEmpty
    }

    public func close(_ bar: Bar) -> Bool {
        lastClose = bar.close
        lastBarTime = bar.time
        return !events.isEmpty
    }

    public var hasEvents: Bool { !events.isEmpty }

    public func drainEvents() -> [VenueEvent] {
        defer { events.removeAll() }
        return events
    }

    /// The gateway calls wanted since the last call, in order.
    public func takeRequests() -> [GatewayRequest] {
        defer { requests.removeAll() }
        return requests
    }

    func takeNotes() -> [String] {
        defer { notes.removeAll() }
        return notes
    }

    /// Trips the kill switch to at least `level`, saying why.
    func trip(_ level: Int, _ reason: String) {
        guard level > killLevel else { return }
        killLevel = level
        killReason = reason
        notes.append("kill switch level \(level): \(reason)")
        if level >= 2 { cancelAll() }
    }

    /// Whether `clientID` is one of this session's (account and slot), whatever its sequence.
    func isOurs(_ clientID: String) -> Bool {
        guard let id = ClientOrderID(parsing: clientID) else { return false }
        return id.account == config.account && id.slot == config.slot
    }
}
