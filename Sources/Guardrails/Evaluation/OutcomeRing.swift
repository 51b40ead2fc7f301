/// The last N order outcomes (allowed or rejected by a rule), for the reject-rate breaker.
struct OutcomeRing: Sendable {
    private var rejected: [Bool]
    private var next = 0
    private(set) var count = 0
    private(set) var rejections = 0
    /// Bumped on every change, so observers can tell whether anything happened since they looked.
    private(set) var version = 0

    init(capacity: Int) {
        rejected = Array(repeating: false, count: max(1, capacity))
    }

    mutating func push(rejected value: Bool) {
        version += 1
        if count == rejected.count, rejected[next] { rejections -= 1 }
        rejected[next] = value
        if value { rejections += 1 }
        next = (next + 1) % rejected.count
        count = min(count + 1, rejected.count)
    }

    /// Rejections among the last `window` outcomes (the ring holds at least that many).
    func rejections(inLast window: Int) -> (rejected: Int, seen: Int) {
        // The common case, one reject-rate breaker sizing the ring: the running count answers in O(1).
        if window >= rejected.count { return (rejections, count) }
        let seen = min(window, count)
        var total = 0
        var index = next
        for _ in 0..<seen {
            index = (index - 1 + rejected.count) % rejected.count
            if rejected[index] { total += 1 }
        }
        return (total, seen)
    }

    mutating func removeAll() {
        version += 1
        for index in rejected.indices { rejected[index] = false }
        count = 0
        rejections = 0
        next = 0
    }
}
