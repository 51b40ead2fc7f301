import Foundation

extension FakeExchange {
    /// Logs a request and applies bans, Retry-After windows, queued rate-limit faults and the weight/order limits.
    func admit(method: String, path: String, weight: Int, isOrder: Bool, apiKey: String?, clientOrderId: String?) -> FakeAdmission {
        let now = nowMs()
        requests.append(FakeRequestRecord(
            method: method, path: path, clientOrderId: clientOrderId, apiKey: apiKey, receivedAt: now, answeredStatus: nil, refused: false
        ))
        let logIndex = requests.count - 1
        let minute = now / 60_000
        if limiter.weightMinute != minute {
            limiter.weightMinute = minute
            limiter.usedWeight = 0
        }
        limiter.usedWeight += weight
        var admission = FakeAdmission(usedWeight: limiter.usedWeight, orders10s: nil, ordersDay: nil, logIndex: logIndex, refusal: nil)
        let insideWindow = limiter.bannedUntilMs > now || limiter.retryAfterUntilMs > now
        if let refusal = refusal(now: now) {
            requests[logIndex].refused = insideWindow
            admission.refusal = refusal
            return admission
        }
        if limiter.usedWeight > config.rateLimits.requestWeightPerMinute {
            limiter.retryAfterUntilMs = (minute + 1) * 60_000
            admission.refusal = tooMany(
                code: -1003, now: now,
                msg: "Too much request weight used; current limit is \(config.rateLimits.requestWeightPerMinute) request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API."
            )
        }
        if isOrder, let apiKey, admission.refusal == nil {
            admission = countOrder(admission, apiKey: apiKey, now: now)
        }
        return admission
    }

    /// Bans, windows and queued faults that refuse a request before any counting.
    func refusal(now: Int64) -> FakeAPIError? {
        if limiter.bannedUntilMs > now { return banned(now: now) }
        if limiter.retryAfterUntilMs > now {
            limiter.bannedUntilMs = now + Int64(config.rateLimits.banSeconds) * 1000
            return banned(now: now)
        }
        if let fault = takeFault(.ban) {
            limiter.bannedUntilMs = now + Int64(fault.seconds) * 1000
            return banned(now: now)
        }
        if let fault = takeFault(.rateLimit) {
            limiter.retryAfterUntilMs = now + Int64(fault.seconds) * 1000
            return tooMany(code: -1003, now: now, msg: "Too many requests; current limit is \(config.rateLimits.requestWeightPerMinute) requests per minute.")
        }
        return nil
    }

    /// Counts a new order against ORDERS per 10 s and per day.
    func countOrder(_ admission: FakeAdmission, apiKey: String, now: Int64) -> FakeAdmission {
        var result = admission
        let window = now / 10_000
        if limiter.orderWindow10s != window {
            limiter.orderWindow10s = window
            limiter.orders10s = [:]
        }
        let day = now / 86_400_000
        if limiter.orderDay != day {
            limiter.orderDay = day
            limiter.ordersDay = [:]
        }
        limiter.orders10s[apiKey, default: 0] += 1
        limiter.ordersDay[apiKey, default: 0] += 1
        result.orders10s = limiter.orders10s[apiKey]
        result.ordersDay = limiter.ordersDay[apiKey]
        if limiter.orders10s[apiKey, default: 0] > config.rateLimits.ordersPer10s {
            limiter.retryAfterUntilMs = (window + 1) * 10_000
            result.refusal = tooMany(code: -1015, now: now, msg: "Too many new orders; current limit is \(config.rateLimits.ordersPer10s) orders per 10 SECOND.")
        } else if limiter.ordersDay[apiKey, default: 0] > config.rateLimits.ordersPerDay {
            limiter.retryAfterUntilMs = (day + 1) * 86_400_000
            result.refusal = tooMany(code: -1015, now: now, msg: "Too many new orders; current limit is \(config.rateLimits.ordersPerDay) orders per DAY.")
        }
        return result
    }

    func tooMany(code: Int, now: Int64, msg: String) -> FakeAPIError {
        FakeAPIError(code: code, msg: msg, httpStatus: 429, retryAfterSeconds: Self.seconds(until: limiter.retryAfterUntilMs, now: now))
    }

    func banned(now: Int64) -> FakeAPIError {
        FakeAPIError(
            code: -1003, msg: "Way too much request weight used; IP banned until \(limiter.bannedUntilMs). Please use WebSocket Streams for live updates to avoid bans.",
            httpStatus: 418, retryAfterSeconds: Self.seconds(until: limiter.bannedUntilMs, now: now)
        )
    }

    static func seconds(until: Int64, now: Int64) -> Int { Int(max(1, (until - now + 999) / 1000)) }

    /// Records the HTTP status a logged request was answered with.
    func answered(_ logIndex: Int, status: Int) {
        guard requests.indices.contains(logIndex) else { return }
        requests[logIndex].answeredStatus = status
    }

    /// Records the client order id of a logged request once the parameters are known.
    func noteClientId(_ logIndex: Int, _ clientOrderId: String?) {
        guard requests.indices.contains(logIndex), let clientOrderId else { return }
        requests[logIndex].clientOrderId = clientOrderId
    }
}
