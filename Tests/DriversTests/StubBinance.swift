import Foundation
import MarketFetch

/// Serves 1m klines up to `last` and can fail one request with a status; records requests.
final class StubBinance: HTTPTransport, @unchecked Sendable {
    let last: Int64
    let failAt: Int?
    private let lock = NSLock()
    private var _urls: [String] = []
    var urls: [String] { lock.withLock { _urls } }

    init(last: Int64, failAt: Int? = nil) {
        self.last = last
        self.failAt = failAt
    }

    func get(_ url: String) async throws -> HTTPResponse {
        let number = lock.withLock {
            _urls.append(url)
            return _urls.count
        }
        if number == failAt { return HTTPResponse(status: 418, headers: [:], body: []) }
        func parameter(_ name: String) -> Int64 {
            let part = url.split(separator: "&").first { $0.hasPrefix(name + "=") || $0.contains("?" + name + "=") }
            return Int64(part?.split(separator: "=").last ?? "") ?? 0
        }
        var rows: [String] = []
        var time = parameter("startTime")
        while time <= min(parameter("endTime"), last), rows.count < 1000 {
            rows.append("[\(time),\"10\",\"11\",\"9\",\"10.5\",\"1\",\(time + 59_999),\"0\",1,\"0\",\"0\",\"0\"]")
            time += 60_000
        }
        return HTTPResponse(status: 200, headers: [:], body: Array(("[" + rows.joined(separator: ",") + "]").utf8))
    }
}
