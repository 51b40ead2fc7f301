import Binance
import BinanceNet
import Telemetry

/// Reads what the gateway knows of the exchange into a telemetry line: HTTP and error codes, order
/// latencies, rate-limit use against the exchange's limits, and a 429/418 window.
struct VenueProbe: Sendable {
    let gateway: any ExchangeGateway
    let calls: CallTally?

    func fill(_ line: inout TelemetryLine) async {
        var venue = line.venue ?? TelemetryLine.VenueState(venue: "binance")
        if let calls {
            let taken = calls.take()
            venue.httpCodes = taken.http
            venue.errorCodes = taken.errors
            line.samples["ack"] = taken.ackSeconds.isEmpty ? nil : taken.ackSeconds
        }
        if let binance = gateway as? BinanceGateway {
            let limits = await binance.rateLimits
            let now = Int64(line.time * 1000)
            for rule in limits.rules {
                let kind = "\(rule.type.rawValue.lowercased())_\(rule.intervalNum)\(rule.interval.rawValue.prefix(1).lowercased())"
                venue.rateLimitUsed[kind] = Double(limits.used(rule.type, interval: rule.interval, intervalNum: rule.intervalNum, nowMs: now))
                venue.rateLimitMax[kind] = Double(rule.limit)
            }
            let until = [limits.bannedUntil, limits.retryAfterUntil].compactMap { $0 }.max()
            venue.banUntil = until.flatMap { $0 > now ? Double($0) / 1000 : nil }
        }
        line.venue = venue
    }
}
