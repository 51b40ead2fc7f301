// The HTTP transport the live figures time: URLSession, with a monotonic stamp just before each
// order request is handed to URLSession and just after its answer comes back.
import Foundation
import BinanceNet

/// ``URLSessionBinanceTransport`` that stamps `POST /api/v3/order` requests.
final class TimingTransport: BinanceTransport, @unchecked Sendable {
    /// One order request: handed to URLSession at `sent`, its answer back at `answered` (monotonic ns).
    struct Stamp {
        var sent: UInt64
        var answered: UInt64
    }

    private let inner = URLSessionBinanceTransport()
    private let lock = NSLock()
    private var stamps: [Stamp] = []

    func send(_ request: BinanceHTTPRequest) async throws(TransportFailure) -> BinanceHTTPResponse {
        guard request.method == "POST", request.url.contains("/api/v3/order?") else { return try await inner.send(request) }
        let sent = monotonicNanos()
        let response = try await inner.send(request)
        let answered = monotonicNanos()
        lock.withLock { stamps.append(Stamp(sent: sent, answered: answered)) }
        return response
    }

    /// The order requests stamped since the last call.
    func take() -> [Stamp] {
        lock.withLock {
            defer { stamps = [] }
            return stamps
        }
    }
}
