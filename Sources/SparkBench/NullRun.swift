import Foundation

/// The null consumer's samples, shared between its reader and the task that waits for it.
final class NullRun: @unchecked Sendable {
    private let lock = NSLock()
    private var samples = MarketLoadBench.Run()
    private var wanted = Int.max

    /// Records one lag (µs); true once every scheduled message is in.
    func add(lag: Int64) -> Bool {
        lock.withLock {
            samples.lag.record(micros: lag)
            samples.received += 1
            return samples.received >= wanted
        }
    }

    func expect(_ count: Int) { lock.withLock { wanted = count } }
    var done: Bool { lock.withLock { samples.received >= wanted } }
    var run: MarketLoadBench.Run { lock.withLock { samples } }

    /// The `z` stamp (intended send time, epoch µs) of a load frame: the digits after its last `"z":`.
    static func stamp(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        var index = bytes.count - 1
        while index > 3, !(bytes[index - 3] == 0x22 && bytes[index - 2] == 0x7A && bytes[index - 1] == 0x22 && bytes[index] == 0x3A) { index -= 1 }
        guard index > 3 else { return nil }
        var value: Int64 = 0
        var cursor = index + 1
        while cursor < bytes.count, bytes[cursor] >= 0x30, bytes[cursor] <= 0x39 {
            value = value * 10 + Int64(bytes[cursor] - 0x30)
            cursor += 1
        }
        return cursor > index + 1 ? value : nil
    }
}
