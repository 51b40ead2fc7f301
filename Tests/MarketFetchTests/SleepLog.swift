import Foundation

/// Sleeps recorded instead of waited, so back-off and rate-limit pauses cost no time.
final class SleepLog: @unchecked Sendable {
    private let lock = NSLock()
    private var _seconds: [Double] = []
    var seconds: [Double] { lock.withLock { _seconds } }
    func sleep(_ value: Double) { lock.withLock { _seconds.append(value) } }
}
