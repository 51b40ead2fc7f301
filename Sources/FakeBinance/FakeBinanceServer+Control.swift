public import Foundation

extension FakeBinanceServer {
    /// Queues faults (clock skew, silent stream and server shutdown act at once).
    public func inject(_ faults: [FakeFault]) async { await exchange.inject(faults) }

    /// Sets the last price; resting orders that cross it match.
    public func setPrice(symbol: String = "BTCUSDT", _ price: Decimal) async { await exchange.setPrice(symbol: symbol, price: price) }

    /// Emits a bar: kline updates, trades along the path, matching, then the closed kline.
    public func bar(symbol: String = "BTCUSDT", open: Decimal, high: Decimal, low: Decimal, close: Decimal, volume: Decimal = 1, openTime: Int64? = nil) async {
        await exchange.bar(symbol: symbol, open: open, high: high, low: low, close: close, volume: volume, openTime: openTime)
    }

    /// Places a foreign order (client id "web_…") for the account; nil key means the first account.
    @discardableResult
    public func placeForeignOrder(apiKey: String? = nil, symbol: String = "BTCUSDT", side: String = "BUY", quantity: Decimal? = nil, price: Decimal? = nil) async throws -> FakeOrder {
        let key: String
        if let apiKey { key = apiKey } else { key = exchange.config.accounts.first?.apiKey ?? "" }
        return try await exchange.placeForeignOrder(apiKey: key, symbol: symbol, side: side, quantity: quantity, price: price)
    }

    /// Sets a symbol's status (TRADING, CANCEL_ONLY, HALT, …).
    public func setSymbolStatus(_ symbol: String, _ status: String) async {
        guard var rules = await exchange.rules(symbol) else { return }
        rules.status = status
        await exchange.setRules(rules)
    }

    /// Replaces a symbol's rules (a filter change).
    public func setRules(_ rules: FakeSymbolRules) async { await exchange.setRules(rules) }

    /// Current rules of a symbol.
    public func rules(_ symbol: String) async -> FakeSymbolRules? { await exchange.rules(symbol) }

    /// Advances the fake's clock (pings, 24 h limit, Retry-After and bans follow it).
    public func advanceClock(ms: Int64) async { await exchange.advanceClock(ms: ms) }

    /// The fake's current time (ms).
    public func nowMs() async -> Int64 { await exchange.nowMs() }

    /// A snapshot of orders, trades, balances and the request log.
    public func state() async -> FakeState { await exchange.state() }
}
