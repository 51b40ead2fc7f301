/// The last few event times, in a fixed buffer: rate windows without allocating per order.
struct TimeRing: Sendable {
    private var times: [Int64]
    private var next = 0
    private(set) var count = 0
    /// Pushes so far (not capped like `count`): tells observers something happened.
    private(set) var pushes = 0

    init(capacity: Int) {
        times = Array(repeating: .min, count: max(1, capacity))
    }

    mutating func push(_ time: Int64) {
        pushes += 1
        times[next] = time
        next = (next + 1) % times.count
        count = min(count + 1, times.count)
    }

    /// How many stored times are at or after `since`.
    func count(since: Int64) -> Int {
        var total = 0
        for time in times where time != .min && time >= since { total += 1 }
        return total
    }

    mutating func removeAll() {
        for index in times.indices { times[index] = .min }
        count = 0
    }
}
