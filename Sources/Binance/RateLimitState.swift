/// Rate-limit bookkeeping for one API key and IP: the rules from exchangeInfo, the usage the
/// exchange reports in `X-MBX-USED-WEIGHT-*` / `X-MBX-ORDER-COUNT-*` headers, and any
/// Retry-After or ban window. Refuses locally rather than send a request the exchange would
/// punish, and keeps a share of the ORDERS budget for cancels.
public struct RateLimitState: Sendable, Equatable {
    /// What a request spends.
    public enum Request: Sendable, Equatable {
        /// A new order or order list: ORDERS budget up to `1 − cancelReserve`, plus weight.
        case newOrder(weight: Int)
        /// A cancel: may use the whole ORDERS budget, including the reserve.
        case cancel(weight: Int)
        /// Anything else: weight only.
        case query(weight: Int)
    }

    /// One window's usage as last reported, keyed like the header suffix (`1M`, `10S`, `1D`).
    struct Usage: Sendable, Equatable {
        var count: Int
        var windowStart: Int64
    }

    /// The limits in force (from exchangeInfo; empty until known, and then nothing is refused for usage).
    public private(set) var rules: [RateLimitRule]
    /// Share of each ORDERS limit new orders may not use, kept for cancels (0.2 = 20 %).
    public var cancelReserve: Double
    /// No request before this (epoch ms, exchange time): a 429's Retry-After.
    public private(set) var retryAfterUntil: Int64?
    /// Banned until this (epoch ms, exchange time): a 418.
    public private(set) var bannedUntil: Int64?
    private var weightUsed: [String: Usage] = [:]
    private var ordersUsed: [String: Usage] = [:]

    /// A state with `rules` (from exchangeInfo) and `cancelReserve` of each ORDERS budget kept for cancels.
    public init(rules: [RateLimitRule] = [], cancelReserve: Double = 0.2) {
        self.rules = rules
        self.cancelReserve = cancelReserve
    }

    /// Replaces the rules (after a fresh exchangeInfo).
    public mutating func update(rules: [RateLimitRule]) { self.rules = rules }

    /// Reads the usage headers of an answer received at `nowMs`.
    public mutating func observe(headers: [String: String], nowMs: Int64) {
        for (name, value) in headers {
            let lower = name.lowercased()
            guard let count = Int(value.trimmingCharacters(in: .whitespaces)) else { continue }
            if lower.hasPrefix("x-mbx-used-weight-"), let window = Self.windowMs(String(lower.dropFirst(18))) {
                weightUsed[String(lower.dropFirst(18))] = Usage(count: count, windowStart: nowMs - nowMs % window)
            } else if lower.hasPrefix("x-mbx-order-count-"), let window = Self.windowMs(String(lower.dropFirst(18))) {
                ordersUsed[String(lower.dropFirst(18))] = Usage(count: count, windowStart: nowMs - nowMs % window)
            }
        }
    }

    /// Records what a refusal said: 429 → no request until `until`; 418 → banned until `until`.
    public mutating func observe(error: GatewayError) {
        switch error.kind {
        case .rateLimited(let until): retryAfterUntil = max(retryAfterUntil ?? until, until)
        case .banned(let until): bannedUntil = max(bannedUntil ?? until, until)
        default: break
        }
    }

    /// Throws ``GatewayError/Kind/rateLimited(until:)`` or ``GatewayError/Kind/banned(until:)`` when
    /// `request` must not be sent at `nowMs`; otherwise counts it locally (headers correct the count).
    public mutating func admit(_ request: Request, nowMs: Int64) throws(GatewayError) {
        if let bannedUntil, nowMs < bannedUntil {
            throw GatewayError(.banned(until: bannedUntil), message: "refused locally: IP banned by the exchange for \(bannedUntil - nowMs) ms more")
        }
        if let retryAfterUntil, nowMs < retryAfterUntil {
            throw GatewayError(.rateLimited(until: retryAfterUntil), message: "refused locally: inside Retry-After for \(retryAfterUntil - nowMs) ms more")
        }
        let weight: Int
        switch request {
        case .newOrder(let w), .cancel(let w), .query(let w): weight = w
        }
        let ordersShare: Double? = switch request {
        case .newOrder: 1 - cancelReserve
        case .cancel: 1
        case .query: nil
        }
        try Self.check(rules, type: .requestWeight, usage: weightUsed, adding: weight, share: 1, nowMs: nowMs)
        if let ordersShare { try Self.check(rules, type: .orders, usage: ordersUsed, adding: 1, share: ordersShare, nowMs: nowMs) }
        Self.count(rules, type: .requestWeight, usage: &weightUsed, adding: weight, nowMs: nowMs)
        if ordersShare != nil { Self.count(rules, type: .orders, usage: &ordersUsed, adding: 1, nowMs: nowMs) }
    }

    /// The reported usage of `type` in the window of `interval` × `intervalNum` still current at `nowMs`.
    public func used(_ type: RateLimitRule.LimitType, interval: RateLimitRule.Interval, intervalNum: Int, nowMs: Int64) -> Int {
        let key = Self.key(interval: interval, intervalNum: intervalNum)
        let usage = type == .orders ? ordersUsed[key] : weightUsed[key]
        guard let usage, let window = Self.windowMs(key), nowMs - nowMs % window == usage.windowStart else { return 0 }
        return usage.count
    }

    private static func check(
        _ rules: [RateLimitRule], type: RateLimitRule.LimitType, usage: [String: Usage], adding amount: Int, share: Double, nowMs: Int64
    ) throws(GatewayError) {
        for rule in rules where rule.type == type {
            let key = key(interval: rule.interval, intervalNum: rule.intervalNum)
            let window = rule.windowMs
            let start = nowMs - nowMs % window
            let current = usage[key].flatMap { $0.windowStart == start ? $0.count : nil } ?? 0
            let allowed = Int((Double(rule.limit) * share).rounded(.down))
            if current + amount > allowed {
                throw GatewayError(
                    .rateLimited(until: start + window),
                    message: "refused locally: \(type.rawValue) \(current)/\(rule.limit) per \(key) (this request may use \(allowed))")
            }
        }
    }

    private static func count(_ rules: [RateLimitRule], type: RateLimitRule.LimitType, usage: inout [String: Usage], adding amount: Int, nowMs: Int64) {
        for rule in rules where rule.type == type {
            let key = key(interval: rule.interval, intervalNum: rule.intervalNum)
            let start = nowMs - nowMs % rule.windowMs
            let current = usage[key].flatMap { $0.windowStart == start ? $0.count : nil } ?? 0
            usage[key] = Usage(count: current + amount, windowStart: start)
        }
    }

    static func key(interval: RateLimitRule.Interval, intervalNum: Int) -> String {
        let letter = switch interval {
        case .second: "s"
        case .minute: "m"
        case .day: "d"
        }
        return "\(intervalNum)\(letter)"
    }

    /// `10s` → 10,000; `1m` → 60,000; `1h` → 3,600,000; `1d` → 86,400,000.
    static func windowMs(_ key: String) -> Int64? {
        guard let letter = key.last, let number = Int64(key.dropLast()) else { return nil }
        switch letter {
        case "s": return number * 1_000
        case "m": return number * 60_000
        case "h": return number * 3_600_000
        case "d": return number * 86_400_000
        default: return nil
        }
    }
}
