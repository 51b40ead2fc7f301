import Binance
public import BinanceNet
import Synchronization

/// What the gateway's calls did, counted for telemetry: HTTP codes, Binance error codes, and how long
/// order requests took. Fed by the gateway's observer (which never sees a query or a key).
public final class CallTally: Sendable {
    private struct Counts {
        var http: [String: Int] = [:]
        var errors: [String: Int] = [:]
        var ackSeconds: [Double] = []
    }

    private let counts = Mutex(Counts())

    public init() {}

    /// The gateway observer.
    public func record(_ call: BinanceCallRecord) {
        counts.withLock { counts in
            if let status = call.httpStatus { counts.http[String(status), default: 0] += 1 }
            if let code = call.code { counts.errors[String(code), default: 0] += 1 }
            // Order placement and order lists: the ack latency a desk watches. Capped between reports.
            if call.method == "POST", call.path.hasPrefix("/api/v3/order"), counts.ackSeconds.count < 10_000 {
                counts.ackSeconds.append(Double(call.durationMs) / 1000)
            }
        }
    }

    /// Cumulative codes, and the order latencies since the last call.
    func take() -> (http: [String: Int], errors: [String: Int], ackSeconds: [Double]) {
        counts.withLock { counts in
            defer { counts.ackSeconds.removeAll(keepingCapacity: true) }
            return (counts.http, counts.errors, counts.ackSeconds)
        }
    }
}
