/// Rate-limit counters and the Retry-After / ban windows.
struct FakeLimiterState: Sendable {
    var weightMinute: Int64 = -1
    var usedWeight = 0
    var orderWindow10s: Int64 = -1
    var orders10s: [String: Int] = [:]
    var orderDay: Int64 = -1
    var ordersDay: [String: Int] = [:]
    var retryAfterUntilMs: Int64 = 0
    var bannedUntilMs: Int64 = 0
}
