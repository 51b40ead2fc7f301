import Foundation
import Engine
import SparkCore

extension PaperSession {
    /// Feeds bars until the feed ends, `shouldStop` says so, or the approval lapses.
    func feed(shouldStop: () -> Bool) async throws {
        var firstBarTime: Int64?
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
            try kernel.apply(.bar(bar))
            barsFed += 1
            request.progress?(barsFed)
            record()
            try saveGuardState()
            if let failure = journal.failure { throw failure }
            nextBar = try await feedSource.next()
        }
        finishIfNeeded()
        try saveGuardState()
    }
}
