import Foundation
import Approvals
public import Binance
import Drivers
public import Live
import SparkConfig
import Telemetry
import MarketData

extension LiveLaunch {
    /// Starts the session (reconciling before any order), then feeds it `bars`, the operator's kill
    /// switch and flatten requests from the project's state directory, the gate's answers between
    /// inputs, and a clock tick every second, until `bars` ends or `shouldStop` says so.
    public func run(
        gateway: any ExchangeGateway, bars: any LiveBarSource, calls: CallTally? = nil, log: @escaping @Sendable (String) -> Void,
        shouldStop: @escaping @Sendable () -> Bool = { false }
    ) async throws -> LiveStatus {
        let info: ExchangeInfo
        do {
            info = try await gateway.exchangeInfo(symbols: [request.symbol])
        } catch {
            throw ConfigError(.refused, "cannot read the exchange's rules for \(request.symbol): \(error.description)")
        }
        guard let rules = info.rules(for: request.symbol) else {
            throw ConfigError(.unknownSymbol, "the exchange does not list \(request.symbol)", hint: "check the symbol (Binance spells it BTCUSDT)")
        }
        let (setup, launch) = try self.setup(rules: rules)
        let logs = GovernanceLogs(approvalsDirectory: request.project.approvalsDirectory, stateDirectory: request.project.stateDirectory)
        let session = try await LiveSession.start(
            setup, gateway: gateway, journalPath: request.journalPath, previous: request.previousJournal, audit: logs.runtime, log: log
        )
        let operatorFeed = OperatorFeed(
            store: GuardStateStore(directory: request.project.stateDirectory), strategy: launch.strategy,
            governor: try LiveGovernor(check: check, launch: launch, guardrailPolicy: policyPath), guardrailPolicy: policyPath, audit: logs.runtime,
            actor: request.actor, log: log
        )
        operatorFeed.journalNote = { await session.note($0) }
        let controls = operatorFeed.controls(shouldStop: shouldStop)
        let ticks = AsyncStream<Void> { continuation in
            let task = Task {
                while !Task.isCancelled, !shouldStop() {
                    try? await Task.sleep(for: .seconds(1))
                    continuation.yield()
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
        let bounded = BoundedBars(source: bars, limit: request.maxBars, shouldStop: shouldStop)
        let reporter = try telemetryReporter(session, venue: VenueProbe(gateway: gateway, calls: calls), strategy: launch.strategy, paramsHash: launch.paramsHash, log: log)
        defer { reporter?.cancel() }
        let status = try await session.run(bars: bounded, controls: controls, ticks: ticks)
        if let reporter {
            reporter.cancel()
            _ = await reporter.value
        }
        return status
    }

    /// Writes the session's telemetry every second, and once more as it ends.
    private func telemetryReporter(
        _ session: LiveSession, venue: VenueProbe, strategy: String, paramsHash: String, log: @escaping @Sendable (String) -> Void
    ) throws -> Task<Void, Never>? {
        guard let path = request.telemetryPath else { return nil }
        let writer = try TelemetryWriter(path: path)
        let interval = Double(BarInterval(request.interval)?.milliseconds ?? 60_000) / 1000
        let symbol = request.symbol
        return Task {
            var line = TelemetryLine(time: Date().timeIntervalSince1970, mode: "live", strategy: strategy, symbol: symbol, intervalSeconds: interval)
            line.paramsHash = paramsHash
            line.lastDecisionTime = line.time
            var unknownSince: [String: Double] = [:]
            var failed = false
            while true {
                let stopping = Task.isCancelled
                await session.telemetry(into: &line, unknownSince: &unknownSince, now: Date().timeIntervalSince1970)
                await venue.fill(&line)
                if stopping { line.state = "finished" }
                do {
                    try writer.write(line)
                    failed = false
                } catch {
                    if !failed { log("telemetry: \(error)") }
                    failed = true
                }
                if stopping { return }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}

/// A bar source that ends after `limit` bars or when asked to stop.
struct BoundedBars: LiveBarSource {
    let source: any LiveBarSource
    let limit: Int?
    let shouldStop: @Sendable () -> Bool
    private let count = Counter()

    init(source: any LiveBarSource, limit: Int?, shouldStop: @escaping @Sendable () -> Bool) {
        self.source = source
        self.limit = limit
        self.shouldStop = shouldStop
    }

    func next() async throws -> LiveBar? {
        if let limit, await count.value >= limit { return nil }
        guard !shouldStop(), let bar = try await source.next() else { return nil }
        await count.increment()
        return bar
    }

    private actor Counter {
        var value = 0
        func increment() { value += 1 }
    }
}
