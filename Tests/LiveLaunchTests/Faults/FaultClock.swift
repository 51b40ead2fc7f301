import Foundation
import Binance
import Live

/// One manual clock for the session and its gateway; the fake's manual clock moves with it.
final class FaultClock: LiveClock, WallClock, @unchecked Sendable {
    static let start: Int64 = 1_767_225_600_000
    private let lock = NSLock()
    private var current = FaultClock.start

    func now() -> Int64 { lock.withLock { current } }
    func nowMs() -> Int64 { now() }
    func advance(_ ms: Int64) { lock.withLock { current += ms } }
}
