/// Caps on what a strategy may log, so a strategy cannot fill the host's memory, its disk or the
/// operator's terminal with `ctx:log` or `print`.
///
/// Lines are counted by event time, not the wall clock, so a replay suppresses the same lines.
public struct StrategyLogLimits: Sendable, Equatable {
    /// Longest line kept, in UTF-8 bytes; the rest is cut with a marker saying how much.
    public var maxLineBytes: Int
    /// Lines a strategy may log at once before the rate applies (a backtest's whole allowance).
    public var burst: Int
    /// Lines granted per hour of event time after the burst; 0 for none (backtests: a per-run cap).
    public var perHour: Int

    /// 1 KiB lines, 10,000 per run, no refill: a backtest's default.
    public init(maxLineBytes: Int = 1024, burst: Int = 10_000, perHour: Int = 0) {
        self.maxLineBytes = maxLineBytes
        self.burst = burst
        self.perHour = perHour
    }

    /// Paper and live sessions run for weeks: 1,000 lines at once, then 600 an hour.
    public static let session = StrategyLogLimits(maxLineBytes: 1024, burst: 1_000, perHour: 600)
}

/// The token bucket behind ``StrategyLogLimits``.
struct StrategyLogGate {
    private var tokens: Double = .nan
    private var last: Int64 = .min
    private(set) var suppressed = 0

    mutating func admit(at time: Int64, limits: StrategyLogLimits) -> Bool {
        if tokens.isNaN { tokens = Double(limits.burst) }
        if limits.perHour > 0, last != .min, time > last {
            tokens = min(Double(limits.burst), tokens + Double(time - last) * Double(limits.perHour) / 3_600_000)
        }
        if time > last { last = time }
        guard tokens >= 1 else {
            suppressed += 1
            return false
        }
        tokens -= 1
        return true
    }

    /// `line` cut to at most `limit` UTF-8 bytes (on a character boundary), with a marker.
    static func cut(_ line: String, to limit: Int) -> String {
        let bytes = line.utf8.count
        guard bytes > limit else { return line }
        var kept = line.utf8.prefix(limit)
        while let last = kept.last, last & 0xC0 == 0x80 { kept = kept.dropLast() }
        if let last = kept.last, last >= 0xC0 { kept = kept.dropLast() }
        return String(decoding: kept, as: UTF8.self) + " … [\(bytes - kept.count) more bytes cut]"
    }
}
