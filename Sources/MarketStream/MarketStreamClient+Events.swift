import SparkCore

extension MarketStreamClient {
    /// Drops what was already delivered, notes trade-id holes, and hands closed bars to ``closedBar``.
    func process(_ event: MarketEvent) async {
        switch event.payload {
        case .serverShutdown:
            log("market stream: the server announced a shutdown; opening a new connection")
            roll()
        case .trade(let trade):
            if let last = lastTrade {
                guard trade.id > last.id else { return duplicate() }
                if trade.id != last.id + 1 { tradeGap(from: last, to: trade) }
            }
            lastTrade = (trade.id, trade.time)
            output.yield(event)
        case .bookTicker(let ticker):
            if let last = lastBookUpdate, ticker.updateID <= last { return duplicate() }
            lastBookUpdate = ticker.updateID
            output.yield(event)
        case .kline(let kline) where !kline.isClosed:
            // Updates of the open candle move forward in open time, event time or last trade id;
            // one that does not was delivered already (by the other connection of an overlap).
            let key = [kline.openTime, event.eventTime ?? 0, kline.lastTradeID]
            if let last = lastKlineUpdate, !key.lexicographicallyPrecedes(last) && key != last {
                lastKlineUpdate = key
                output.yield(event)
            } else if lastKlineUpdate == nil {
                lastKlineUpdate = key
                output.yield(event)
            } else {
                duplicate()
            }
        case .kline(let kline):
            await closedBar(kline, event: event)
        }
    }

    private func duplicate() {
        counters.duplicates += 1
    }

    /// Trades `last.id + 1 ..< trade.id` are missing: the first bar whose trade ids reach the hole is
    /// re-fetched when it closes (by trade id, not time: ids are what the kline names).
    private func tradeGap(from last: (id: Int64, time: Int64), to trade: StreamTrade) {
        counters.tradeGaps += 1
        let hole = last.id + 1...trade.id - 1
        missingTrades = missingTrades.map { min($0.lowerBound, hole.lowerBound)...max($0.upperBound, hole.upperBound) } ?? hole
        log("market stream: trade ids \(last.id + 1)…\(trade.id - 1) are missing; the bar will be re-fetched from REST klines when it closes")
    }

    /// A closed bar: dropped if delivered already; a hole before it is filled from REST first.
    private func closedBar(_ kline: StreamKline, event: MarketEvent) async {
        var deliveries: [ReceivedBar] = []
        switch sequencer.verdict(kline.openTime) {
        case .duplicate:
            return duplicate()
        case .gap(let from, let to):
            counters.klineGaps += 1
            let filled = await fetch(from: from, to: to, closedBefore: kline.openTime)
            counters.backfilledBars += filled.count
            log("market stream: closed bars \(from)…\(to) missing; back-filled \(filled.count) from REST klines")
            deliveries += filled.map { received($0, eventTime: nil, origin: .backfill) }
        case .next:
            break
        }
        var live = received(kline.bar, eventTime: event.eventTime, origin: .live)
        live.receivedAt = event.receivedAt
        // Missing trades before this bar's first are in the bars just back-filled from REST.
        if !deliveries.isEmpty, let hole = missingTrades, hole.upperBound < kline.firstTradeID { missingTrades = nil }
        let suspect = missingTrades.map { $0.lowerBound <= kline.lastTradeID } ?? false
        if suspect { missingTrades = nil }
        if suspect, let rest = await fetch(from: kline.openTime, to: kline.openTime, closedBefore: kline.closeTime + 1).first {
            counters.refetchedBars += 1
            live.bar = rest
            live.origin = .refetch
        }
        deliver(deliveries + [live])
    }

    private func fetch(from: Int64, to: Int64, closedBefore: Int64) async -> [Bar] {
        guard let backfill else { return [] }
        do {
            return try await backfill.closedBars(symbol: configuration.symbol, interval: configuration.interval, from: from, to: to, closedBefore: closedBefore)
                .filter { $0.time >= from && $0.time <= to }
        } catch {
            log("market stream: REST klines \(from)…\(to) failed: \(error)")
            return []
        }
    }

    private func received(_ bar: Bar, eventTime: Int64?, origin: MarketEvent.Origin) -> ReceivedBar {
        ReceivedBar(symbol: configuration.symbol, interval: configuration.interval.name, bar: bar, eventTime: eventTime, receivedAt: clock.now(), origin: origin)
    }

    /// Records, then delivers, in order; anything not after the last delivered bar is dropped.
    private func deliver(_ bars: [ReceivedBar]) {
        var fresh: [ReceivedBar] = []
        for bar in bars where sequencer.verdict(bar.bar.time) != .duplicate {
            sequencer.accept(bar.bar.time)
            fresh.append(bar)
        }
        do {
            try recorder?.record(fresh)
        } catch {
            log("market stream: could not store \(fresh.count) closed bars: \(error)")
        }
        let step = sequencer.step
        for bar in fresh {
            let kline = StreamKline(
                symbol: bar.symbol, interval: bar.interval, openTime: bar.bar.time, closeTime: bar.bar.time + step - 1,
                firstTradeID: -1, lastTradeID: -1, bar: bar.bar, isClosed: true
            )
            output.yield(MarketEvent(
                stream: "\(configuration.symbol.lowercased())@kline_\(bar.interval)", eventTime: bar.eventTime, receivedAt: bar.receivedAt,
                payload: .kline(kline), origin: bar.origin
            ))
        }
    }
}
