import Foundation
import Binance
import BinanceNet

/// The real loopback transport, checking right before each new-order POST leaves that the journal on
/// disk already names its client id (write-ahead), and able to spoil the next order's signature.
final class WriteAheadTransport: BinanceTransport, @unchecked Sendable {
    private let inner = URLSessionBinanceTransport()
    private let journalPath: String
    private let lock = NSLock()
    private var violations: [String] = []
    private var spoil = 0

    init(journalPath: String) { self.journalPath = journalPath }

    /// Client ids sent before their intent was on disk.
    var sentWithoutIntent: [String] { lock.withLock { violations } }

    /// The next `count` new-order requests carry a wrong signature.
    func spoilSignatures(_ count: Int) { lock.withLock { spoil = count } }

    func send(_ request: BinanceHTTPRequest) async throws(TransportFailure) -> BinanceHTTPResponse {
        var request = request
        if request.method == "POST", request.url.contains("/api/v3/order?") {
            let id = Self.parameter("newClientOrderId", in: request.url) ?? ""
            let journal = (try? String(contentsOfFile: journalPath, encoding: .utf8)) ?? ""
            lock.withLock {
                if id.isEmpty || !journal.contains("\"\(id)\"") { violations.append(id) }
                if spoil > 0 {
                    spoil -= 1
                    request.url = request.url.replacingOccurrences(of: "signature=", with: "signature=00")
                }
            }
        }
        return try await inner.send(request)
    }

    static func parameter(_ name: String, in url: String) -> String? {
        URLComponents(string: url)?.queryItems?.first { $0.name == name }?.value
    }
}
