import Binance
import BinanceNet
import Foundation

/// A clock tests set by hand.
final class ManualClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var now: Int64

    init(_ now: Int64) { self.now = now }

    func nowMs() -> Int64 { lock.withLock { now } }
    func advance(_ ms: Int64) { lock.withLock { now += ms } }
}

/// A transport that answers from a script and keeps every request.
final class ScriptedTransport: BinanceTransport, @unchecked Sendable {
    typealias Handler = @Sendable (BinanceHTTPRequest) async throws(TransportFailure) -> BinanceHTTPResponse
    private let lock = NSLock()
    private var sent: [BinanceHTTPRequest] = []
    private let handler: Handler

    init(_ handler: @escaping Handler) { self.handler = handler }

    var requests: [BinanceHTTPRequest] { lock.withLock { sent } }
    var paths: [String] { requests.map { String($0.url.split(separator: "?").first ?? "").replacingOccurrences(of: GatewayTests.base, with: "") } }

    func send(_ request: BinanceHTTPRequest) async throws(TransportFailure) -> BinanceHTTPResponse {
        lock.withLock { sent.append(request) }
        return try await handler(request)
    }
}

/// Collects the observer's records.
final class RecordLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [BinanceCallRecord] = []

    func add(_ record: BinanceCallRecord) { lock.withLock { items.append(record) } }
    var records: [BinanceCallRecord] { lock.withLock { items } }
}

extension BinanceHTTPResponse {
    static func json(_ text: String, status: Int = 200, headers: [String: String] = [:]) -> BinanceHTTPResponse {
        BinanceHTTPResponse(status: status, headers: headers, body: Array(text.utf8))
    }
}

/// The query parameters of a request, decoded.
func queryItems(_ request: BinanceHTTPRequest) -> [(String, String)] {
    guard let query = request.url.split(separator: "?", maxSplits: 1).dropFirst().first else { return [] }
    return query.split(separator: "&").map { pair in
        let parts = pair.split(separator: "=", maxSplits: 1)
        return (String(parts[0]), String(parts.count > 1 ? parts[1] : "").removingPercentEncoding ?? "")
    }
}
