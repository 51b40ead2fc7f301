public import Foundation
import MarketData
public import MarketStream
import Store

/// The streams service: one market feed per symbol of `serve.stream_symbols` into the bar store,
/// with its lag and freshness in metrics, fanned out to subscribers.
public actor StreamsService {
    let environment: ServeEnvironment
    var clients: [String: MarketStreamClient] = [:]
    private var readers: [Task<Void, Never>] = []
    private var subscribers: [UUID: AsyncStream<StreamBar>.Continuation] = [:]
    var relays: [UUID: (Set<String>, AsyncStream<String>.Continuation)] = [:]
    private var reader: AppDatabase?
    /// The newest bar per symbol, and when any message of the symbol last arrived (ms).
    private(set) var latest: [String: StreamBar] = [:]
    private var lastMessageMs: [String: Int64] = [:]
    private var reported: [String: MarketStreamCounters] = [:]
    private var problems: [String: String] = [:]
    private var observers: [@Sendable (MarketEvent) -> Void] = []
    /// Per symbol and stream kind: the message counter, last-event gauge and ingest-lag histogram,
    /// looked up once (a registry lookup per message cost 10,000 messages/s its headroom).
    private var meters: [String: StreamMeters] = [:]
    private var reportedAt: [String: Int64] = [:]

    public init(environment: ServeEnvironment) {
        self.environment = environment
    }

    /// The bar store the feeds write: the project's `out/spark.db`.
    public var databasePath: String { "\(environment.project.root)/out/spark.db" }

    /// Opens a feed per configured symbol.
    public func boot() {
        let settings = environment.settings
        guard let interval = BarInterval(settings.streamInterval) else {
            problems["config"] = "serve.stream_interval \(settings.streamInterval) is not a bar interval"
            return
        }
        let endpoints: MarketEndpoints
        do {
            endpoints = try MarketEndpoints.from(marketURL: settings.marketURL)
        } catch {
            problems["config"] = "serve.market_url: \(error)"
            return
        }
        for symbol in settings.streamSymbols {
            do {
                let log = environment.log
                let client = try MarketStreamClient.live(endpoints: endpoints, symbol: symbol, interval: interval, databasePath: databasePath) { log("streams \(symbol): \($0)") }
                clients[symbol] = client
                environment.metrics.gauge(.wsConnected, ["stream": "market"]).set(to: 0)
                readers.append(Task { await client.run() })
                readers.append(Task { [weak self] in
                    for await event in client.events { await self?.received(event, symbol: symbol) }
                })
            } catch {
                problems[symbol] = "cannot open the feed: \(error)"
            }
        }
    }

    /// Stops every feed and ends every subscription.
    public func shutdown() async {
        for client in clients.values { await client.stop() }
        readers.forEach { $0.cancel() }
        subscribers.values.forEach { $0.finish() }
        subscribers.removeAll()
        relays.values.forEach { $0.1.finish() }
        relays.removeAll()
    }

    /// Closed bars from now on, for one subscriber.
    public func subscribe() -> (UUID, AsyncStream<StreamBar>) {
        let (stream, continuation) = AsyncStream<StreamBar>.makeStream(bufferingPolicy: .bufferingNewest(1_000))
        let id = UUID()
        subscribers[id] = continuation
        environment.metrics.gauge(.subscribers).set(to: Double(subscriberCount))
        return (id, stream)
    }

    public func unsubscribe(_ id: UUID) {
        subscribers.removeValue(forKey: id)?.finish()
        environment.metrics.gauge(.subscribers).set(to: Double(subscriberCount))
    }

    var subscriberCount: Int { subscribers.count + relays.count }

    /// The bar store, opened once for reading.
    func storeReader() throws -> AppDatabase {
        if let reader { return reader }
        let database = try AppDatabase.open(path: databasePath)
        reader = database
        return database
    }

    /// Calls `observer` with each event once the service handled it (a closed bar: once it is
    /// stored): benchmarks measure the service's lag here.
    public func observe(_ observer: @escaping @Sendable (MarketEvent) -> Void) {
        observers.append(observer)
    }

    /// Each feed's own counters (messages, duplicates, gaps, back-fills).
    public func feedCounters() async -> [String: MarketStreamCounters] {
        var counters: [String: MarketStreamCounters] = [:]
        for (symbol, client) in clients { counters[symbol] = await client.counters }
        return counters
    }

    /// The newest bar of each symbol.
    public func snapshot() -> [StreamBar] { latest.values.sorted { $0.symbol < $1.symbol } }

    private func received(_ event: MarketEvent, symbol: String) async {
        let metrics = environment.metrics
        let now = environment.nowMs()
        lastMessageMs[symbol] = now
        let kind: String
        switch event.payload {
        case .kline: kind = "kline"
        case .trade: kind = "trade"
        case .bookTicker: kind = "book"
        case .serverShutdown: return
        }
        let key = symbol + "/" + kind
        let meter = meters[key] ?? StreamMeters(metrics, symbol: symbol, kind: kind)
        meters[key] = meter
        meter.messages.increment()
        relay(event)
        defer { observers.forEach { $0(event) } }
        if event.origin == .live, let eventTime = event.eventTime {
            meter.lastEvent.set(to: Double(eventTime) / 1000)
            meter.ingestLag.record(Double(max(0, event.receivedAt - eventTime)) / 1000)
        }
        if case .kline(let kline) = event.payload, kline.isClosed {
            // The client stored the bar (committed) before it delivered the event.
            metrics.histogram(.mdEventToStore, ["stream": "kline"]).record(Double(max(0, now - event.receivedAt)) / 1000)
            let bar = StreamBar(
                symbol: symbol, interval: kline.interval, time: kline.bar.time, open: kline.bar.open, high: kline.bar.high, low: kline.bar.low,
                close: kline.bar.close, volume: kline.bar.volume, eventTime: event.eventTime, receivedAt: event.receivedAt, origin: event.origin.rawValue
            )
            latest[symbol] = bar
            for continuation in subscribers.values { continuation.yield(bar) }
        }
        // The client's own counters (gaps, back-fills, reconnects) are an actor hop away: read them
        // four times a second, and at each closed bar.
        var closed = false
        if case .kline(let kline) = event.payload { closed = kline.isClosed }
        if now - (reportedAt[symbol] ?? 0) >= 250 || closed {
            reportedAt[symbol] = now
            metrics.gauge(.wsConnected, ["stream": "market"]).set(to: 1)
            await report(symbol)
        }
    }

    private func report(_ symbol: String) async {
        guard let client = clients[symbol] else { return }
        let counters = await client.counters
        let before = reported[symbol] ?? MarketStreamCounters()
        let metrics = environment.metrics
        func add(_ family: MetricFamily, _ labels: [String: String], _ now: Int, _ then: Int) {
            let counter = metrics.counter(family, labels)
            if now > then { counter.increment(by: Int64(now - then)) }
        }
        add(.mdGaps, ["symbol": symbol, "kind": "kline"], counters.klineGaps, before.klineGaps)
        add(.mdGaps, ["symbol": symbol, "kind": "trade"], counters.tradeGaps, before.tradeGaps)
        add(.mdBackfills, ["symbol": symbol], counters.backfilledBars + counters.refetchedBars, before.backfilledBars + before.refetchedBars)
        add(.wsReconnects, ["stream": "market"], counters.reconnects, before.reconnects)
        reported[symbol] = counters
    }

    /// Why the service is not ready: a feed that could not open, or one silent for over a minute
    /// (Binance sends trades and book updates many times a minute). Empty when ready.
    public func notReady() -> [String] {
        let now = environment.nowMs()
        var reasons = problems.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
        for symbol in environment.settings.streamSymbols where problems[symbol] == nil {
            guard let last = lastMessageMs[symbol] else {
                reasons.append("\(symbol): no market data yet")
                continue
            }
            if now - last > 60_000 { reasons.append("\(symbol): no market data for \((now - last) / 1000) s") }
        }
        if reasons.contains(where: { $0.contains("no market data for") }) { environment.metrics.gauge(.wsConnected, ["stream": "market"]).set(to: 0) }
        return reasons
    }
}
