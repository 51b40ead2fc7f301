import Foundation
import Live

/// A clock the test moves by hand.
final class ManualClock: LiveClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Int64

    init(_ start: Int64 = 1_767_225_600_000) { current = start }

    func now() -> Int64 {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func advance(_ ms: Int64) {
        lock.lock()
        current += ms
        lock.unlock()
    }
}
