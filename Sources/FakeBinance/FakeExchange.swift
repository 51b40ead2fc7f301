import Foundation

/// The fake venue's state: symbols, accounts, orders, trades, prices, faults, connections.
actor FakeExchange {
    let config: FakeBinanceConfig
    var symbols: [String: FakeSymbolRules]
    var prices: [String: Decimal]
    var accounts: [String: FakeAccountConfig]
    var balances: [String: [String: FakeBalance]] = [:]
    var orders: [FakeOrder] = []
    var orderIndex: [Int64: Int] = [:]
    var nextOrderId: Int64 = 1
    var nextListId: Int64 = 0
    var nextTradeId: [String: Int64] = [:]
    var trades: [FakeTrade] = []
    var duplicatedTradeIds: Set<Int64> = []
    var klines: [String: [FakeKline]] = [:]
    var nextBarOpen: [String: Int64] = [:]
    var bookUpdateId: Int64 = 1
    var requests: [FakeRequestRecord] = []
    var faults: [FakeFault] = []
    var advancedMs: Int64 = 0
    var skewMs: Int64 = 0
    var connections: [Int: FakeConnection] = [:]
    var nextConnectionId = 1
    var pendingUserEvents: [String: [String]] = [:]
    var limiter = FakeLimiterState()
    var foreignCounter: UInt64
    var stopping = false

    init(config: FakeBinanceConfig) {
        self.config = config
        symbols = Dictionary(uniqueKeysWithValues: config.symbols.map { ($0.symbol, $0) })
        prices = config.prices
        accounts = Dictionary(uniqueKeysWithValues: config.accounts.map { ($0.apiKey, $0) })
        foreignCounter = config.seed
        for account in config.accounts {
            var perAsset: [String: FakeBalance] = [:]
            for (asset, free) in account.balances {
                perAsset[asset] = FakeBalance(apiKey: account.apiKey, asset: asset, free: free, locked: 0)
            }
            balances[account.apiKey] = perAsset
        }
        for symbol in config.symbols { nextTradeId[symbol.symbol] = 1 }
    }

    /// The fake's time in epoch milliseconds (injected clock plus advances and skew).
    func nowMs() -> Int64 {
        let base: Int64
        switch config.clock {
        case .system: base = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        case .manual(let startMs): base = startMs
        }
        return base + advancedMs + skewMs
    }

    /// Moves the clock forward, then sends due pings and closes connections past 24 h.
    func advanceClock(ms: Int64) {
        advancedMs += ms
        tick()
    }

    /// Queues faults; clock skew, silent streams, server shutdown and a user-stream drop outside fills act at once.
    func inject(_ newFaults: [FakeFault]) {
        for fault in newFaults {
            switch fault.kind {
            case .clockSkew: skewMs += Int64(fault.ms)
            case .silentStream: silenceConnections()
            case .serverShutdown: announceShutdown()
            case .dropUserStream where !fault.duringFills: dropAllUserStreams()
            default: faults.append(fault)
            }
        }
    }

    /// Takes one firing of the first queued fault that satisfies `matches`.
    func takeFault(_ kind: FakeFault.Kind, where matches: (FakeFault) -> Bool = { _ in true }) -> FakeFault? {
        guard let index = faults.firstIndex(where: { $0.kind == kind && matches($0) }) else { return nil }
        let fault = faults[index]
        faults[index].count -= 1
        if faults[index].count <= 0 { faults.remove(at: index) }
        return fault
    }

    /// Takes the first request fault that applies to this request.
    func takeRequestFault(method: String, path: String) -> FakeFault? {
        guard let index = faults.firstIndex(where: { $0.isRequestFault && $0.matches(method: method, path: path) }) else { return nil }
        return takeFault(faults[index].kind) { $0.isRequestFault && $0.matches(method: method, path: path) }
    }

    /// A snapshot of the venue's truth.
    func state() -> FakeState {
        let allBalances = balances.keys.sorted().flatMap { key in balances[key, default: [:]].keys.sorted().compactMap { balances[key]?[$0] } }
        return FakeState(
            orders: orders, trades: trades, balances: allBalances, requests: requests, nowMs: nowMs(),
            retryAfterUntilMs: limiter.retryAfterUntilMs, bannedUntilMs: limiter.bannedUntilMs
        )
    }

    /// Sets a symbol's status (e.g. CANCEL_ONLY) or replaces its rules.
    func setRules(_ rules: FakeSymbolRules) {
        symbols[rules.symbol] = rules
        if nextTradeId[rules.symbol] == nil { nextTradeId[rules.symbol] = 1 }
    }

    /// Current rules of a symbol.
    func rules(_ symbol: String) -> FakeSymbolRules? { symbols[symbol] }

    /// The last price of a symbol.
    func lastPrice(_ symbol: String) -> Decimal? { prices[symbol] }

    /// Waits (real time) up to `ms`, or less if the server stops: how a withheld answer waits out the client.
    func withhold(ms: Int) async {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(ms))
        while !stopping && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits until a connection is closed (a silenced connection stops reading until then).
    func waitUntilClosed(_ id: Int) async {
        while !stopping && connections[id] != nil {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Marks the server as stopping and closes every connection.
    func beginStop() {
        stopping = true
        closeAll()
    }

    /// Whether this API key belongs to an account.
    func credential(apiKey: String) -> FakeCredential? { accounts[apiKey]?.credential }
}
