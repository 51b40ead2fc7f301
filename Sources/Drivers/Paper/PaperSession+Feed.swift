import Foundation
import Engine
import SparkCore

extension PaperSession {
    /// Feeds bars until the feed ends, `shouldStop` says so, or the approval lapses.
    func feed(shouldStop: () -> Bool) async throws {
        var firstBarTime: Int64?
        if let telemetry { report(telemetry, state: "running") }
        while let fed = nextBar {
            let bar = fed.bar
            if shouldStop() {
                stoppedEarly = true
                break
            }
            if let speed = request.speed, request.liveFeed == nil, let firstBarTime {
                try await clock.sleep(until: started.advanced(by: .milliseconds(Double(bar.time - firstBarTime) / speed)), tolerance: nil)
            }
            if firstBarTime == nil {
                firstBarTime = bar.time
                kernel.start(at: bar.time)
                record()
            }
            try pollControls()
            if let lapsed {
                log("paper session stops: its approval no longer stands: \(lapsed)")
                stoppedEarly = true
                break
            }
            record()
            let received = wallNow()
            firstReceived = firstReceived ?? received
            lastReceived = received
            journal.bar(bar, eventsBefore: kernel.engine.eventCount, receivedAt: fed.receivedAt)
            let applied = clock.now
            try kernel.apply(.bar(bar))
            let took = applied.duration(to: clock.now).components
            barsFed += 1
            request.progress?(barsFed)
            record()
            if let telemetry {
                telemetry.decided(in: Double(took.seconds) + Double(took.attoseconds) / 1e18, at: wallNow().timeIntervalSince1970)
                report(telemetry, state: "running")
            }
            try saveGuardState()
            if let failure = journal.failure { throw failure }
            nextBar = try await feedSource.next()
        }
        finishIfNeeded()
        try saveGuardState()
        if let telemetry { report(telemetry, state: kernel.engine.failure == nil ? "finished" : "failed") }
    }

    func report(_ telemetry: PaperTelemetry, state: String) {
        telemetry.report(
            engine: kernel.engine, symbol: kernel.setup.symbols.id(of: request.symbol), bars: barsFed, killLevel: store.kill()?.level ?? 0,
            state: state, now: wallNow().timeIntervalSince1970, log: log
        )
    }
}
