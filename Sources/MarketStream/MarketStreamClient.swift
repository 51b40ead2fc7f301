import MarketData

/// The live market feed of one symbol: combined kline, trade and bookTicker streams over one
/// connection at a time, kept alive, rolled before Binance's 24 h limit, and cleaned up.
///
/// - Lost connections (closed, failed, or silent for ``MarketStreamConfiguration/silenceTimeoutMs``)
///   are reopened after ``ReconnectBackoff`` waits.
/// - At ``MarketStreamConfiguration/rollAfterMs`` of age, and at once on `serverShutdown`, a new
///   connection opens beside the old; the old closes when the new delivers its first frame. Events
///   from both pass the same dedup, so the overlap gives no gap and no duplicate.
/// - Closed bars come out in open-time order, each once; a hole is filled from REST klines first
///   (``KlineBackfill``), and a bar whose trades had a hole is replaced by its REST version.
/// - Closed bars go to the ``ClosedBarRecorder`` before they are delivered.
///
/// Every timer runs on the injected ``StreamClock``.
public actor MarketStreamClient {
    enum Signal: Sendable {
        case frame(connection: Int, text: String, receivedAt: Int64)
        case closed(connection: Int, reason: String?)
        case tick
        case stop
    }

    struct Connection {
        let task: Task<Void, Never>
        let openedAt: Int64
        var lastFrameAt: Int64
        var delivered = false
    }

    let configuration: MarketStreamConfiguration
    let connector: any StreamConnector
    let backfill: (any KlineBackfill)?
    let recorder: (any ClosedBarRecorder)?
    let clock: any StreamClock
    let log: @Sendable (String) -> Void
    /// Everything the feed delivers, deduplicated, closed bars in order (back-filled ones first).
    public nonisolated let events: AsyncStream<MarketEvent>
    let output: AsyncStream<MarketEvent>.Continuation
    let signals: AsyncStream<Signal>
    let signalInput: AsyncStream<Signal>.Continuation
    var connections: [Int: Connection] = [:]
    var active: Int?
    var pending: Int?
    var nextConnection = 0
    var failures = 0
    var reconnectAt: Int64?
    var stopped = false
    var running = false
    var sequencer: BarSequencer
    var lastTrade: (id: Int64, time: Int64)?
    var lastBookUpdate: Int64?
    var lastKlineUpdate: [Int64]?
    /// Trade ids missing from the stream whose bar has not closed yet.
    var missingTrades: ClosedRange<Int64>?
    /// The feed's figures so far.
    public internal(set) var counters = MarketStreamCounters()

    /// Creates a client; nothing connects until ``run()``.
    public init(
        configuration: MarketStreamConfiguration, connector: any StreamConnector, backfill: (any KlineBackfill)?,
        recorder: (any ClosedBarRecorder)? = nil, clock: any StreamClock, log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        (self.configuration, self.connector, self.backfill, self.recorder, self.clock, self.log) = (configuration, connector, backfill, recorder, clock, log)
        (events, output) = AsyncStream.makeStream(of: MarketEvent.self)
        (signals, signalInput) = AsyncStream.makeStream(of: Signal.self)
        sequencer = BarSequencer(step: configuration.interval.milliseconds ?? 60_000)
    }

    /// Connects and delivers events until ``stop()`` or cancellation; then closes every connection
    /// and finishes ``events``. A second call while one runs returns at once.
    public func run() async {
        guard !running else { return }
        running = true
        let (clock, input, tick) = (clock, signalInput, configuration.tickMs)
        let ticker = Task {
            while true {
                do { try await clock.sleep(until: clock.now() + tick) } catch { return }
                input.yield(.tick)
            }
        }
        if !stopped { active = open() }
        for await signal in signals {
            await handle(signal)
            if stopped { break }
        }
        ticker.cancel()
        connections.values.forEach { $0.task.cancel() }
        connections = [:]
        output.finish()
    }

    /// Ends ``run()`` after the signal being handled.
    public func stop() {
        stopped = true
        signalInput.yield(.stop)
    }

    func handle(_ signal: Signal) async {
        switch signal {
        case .frame(let id, let text, let receivedAt): await frame(id, text: text, receivedAt: receivedAt)
        case .closed(let id, let reason): closed(id, reason: reason)
        case .tick: tick()
        case .stop: stopped = true
        }
    }

    /// Opens a connection whose frames and end come back as signals.
    func open() -> Int {
        let id = nextConnection
        nextConnection += 1
        let (connector, url, clock, input) = (connector, configuration.url, clock, signalInput)
        let task = Task {
            do {
                for try await text in connector.open(url: url) {
                    input.yield(.frame(connection: id, text: text, receivedAt: clock.now()))
                }
                input.yield(.closed(connection: id, reason: nil))
            } catch {
                input.yield(.closed(connection: id, reason: "\(error)"))
            }
        }
        let now = clock.now()
        connections[id] = Connection(task: task, openedAt: now, lastFrameAt: now)
        return id
    }
}
