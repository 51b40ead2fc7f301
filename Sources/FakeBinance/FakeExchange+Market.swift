import Foundation

extension FakeExchange {
    /// Sets the last price: resting orders that cross it match; a trade and a bookTicker are published.
    func setPrice(symbol: String, price: Decimal) {
        moveTo(symbol: symbol, price: price)
        flushUserEvents()
    }

    /// Emits one bar: trades and kline updates along o→h→l→c (o→l→h→c when it closes down), matching resting orders, then the closed kline.
    func bar(symbol: String, open: Decimal, high: Decimal, low: Decimal, close: Decimal, volume: Decimal, openTime: Int64? = nil) {
        guard let rules = symbols[symbol] else { return }
        let start = openTime ?? max(nextBarOpen[symbol] ?? 0, nowMs() / 60_000 * 60_000)
        nextBarOpen[symbol] = start + 60_000
        let gap = takeFault(.marketGap)
        if gap?.gap == "trade" { nextTradeId[symbol, default: 1] += 1 }
        let path = close >= open ? [open, high, low, close] : [open, low, high, close]
        let stepQty = max(FakeDecimal.floor(volume / 4, step: rules.stepSize), rules.stepSize)
        var kline = FakeKline(
            openTime: start, open: open, high: open, low: open, close: open, volume: 0, quoteVolume: 0,
            firstTradeId: nextTradeId[symbol, default: 1], lastTradeId: 0, trades: 0
        )
        for price in path {
            let id = takeTradeId(symbol)
            publishTrade(symbol: symbol, id: id, price: price, qty: stepQty, buyerIsMaker: price < (prices[symbol] ?? price), time: nowMs())
            kline.high = max(kline.high, price)
            kline.low = min(kline.low, price)
            kline.close = price
            kline.volume += stepQty
            kline.quoteVolume += FakeDecimal.round(stepQty * price)
            kline.trades += 1
            kline.lastTradeId = id
            moveTo(symbol: symbol, price: price)
            kline.lastTradeId = max(kline.lastTradeId, nextTradeId[symbol, default: 1] - 1)
            publishKline(symbol: symbol, kline: kline, closed: false)
            flushUserEvents()
        }
        kline.high = max(kline.high, high)
        kline.low = min(kline.low, low)
        klines[symbol, default: []].append(kline)
        if gap?.gap != "kline" { publishKline(symbol: symbol, kline: kline, closed: true) }
    }

    /// A kline frame on every kline stream of the symbol (each with its own interval name).
    func publishKline(symbol: String, kline: FakeKline, closed: Bool) {
        let prefix = "\(symbol.lowercased())@kline_"
        var intervals: Set<String> = []
        for connection in connections.values {
            guard case .market(let names) = connection.kind else { continue }
            for name in names where name.hasPrefix(prefix) { intervals.insert(String(name.dropFirst(prefix.count))) }
        }
        for interval in intervals.sorted() {
            let body: [String: Any] = [
                "t": kline.openTime, "T": kline.openTime + 59_999, "s": symbol, "i": interval, "f": kline.firstTradeId,
                "L": kline.lastTradeId, "o": FakeJSON.dec(kline.open), "c": FakeJSON.dec(kline.close), "h": FakeJSON.dec(kline.high),
                "l": FakeJSON.dec(kline.low), "v": FakeJSON.dec(kline.volume), "n": kline.trades, "x": closed,
                "q": FakeJSON.dec(kline.quoteVolume), "V": FakeJSON.dec(kline.volume / 2), "Q": FakeJSON.dec(kline.quoteVolume / 2), "B": "0",
            ]
            publish(stream: prefix + interval, data: ["e": "kline", "E": nowMs(), "s": symbol, "k": body])
        }
    }

    /// `GET /api/v3/klines` from the closed bars (Binance's array form).
    func klineRows(symbol: String, startTime: Int64?, endTime: Int64?, limit: Int) -> [[Any]] {
        let rows = (klines[symbol] ?? []).filter { ($0.openTime >= (startTime ?? 0)) && ($0.openTime <= (endTime ?? Int64.max)) }
        return rows.prefix(limit).map { kline in
            [
                kline.openTime, FakeJSON.dec(kline.open), FakeJSON.dec(kline.high), FakeJSON.dec(kline.low), FakeJSON.dec(kline.close),
                FakeJSON.dec(kline.volume), kline.openTime + 59_999, FakeJSON.dec(kline.quoteVolume), kline.trades,
                FakeJSON.dec(kline.volume / 2), FakeJSON.dec(kline.quoteVolume / 2), "0",
            ]
        }
    }
}
