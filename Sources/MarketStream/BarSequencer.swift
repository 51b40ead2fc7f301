/// Tells a closed bar that follows the last one from a repeat and from one after a hole.
struct BarSequencer {
    enum Verdict: Equatable {
        case next
        case duplicate
        /// Bars with open times `from...to` are missing before this one.
        case gap(from: Int64, to: Int64)
    }

    let step: Int64
    private(set) var last: Int64?

    init(step: Int64) {
        self.step = step
    }

    func verdict(_ openTime: Int64) -> Verdict {
        guard let last else { return .next }
        if openTime <= last { return .duplicate }
        if openTime == last + step { return .next }
        return .gap(from: last + step, to: openTime - step)
    }

    mutating func accept(_ openTime: Int64) {
        last = max(last ?? openTime, openTime)
    }
}
