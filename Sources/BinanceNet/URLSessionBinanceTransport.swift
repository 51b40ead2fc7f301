import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// ``BinanceTransport`` over Foundation's `URLSession`; the gateway applies its own per-request timeout.
public struct URLSessionBinanceTransport: BinanceTransport {
    private let session: URLSession

    /// A transport with its own ephemeral session (no cookies, no cache).
    public init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    public func send(_ request: BinanceHTTPRequest) async throws(TransportFailure) -> BinanceHTTPResponse {
        guard let address = URL(string: request.url) else { throw TransportFailure(.notSent, "not a valid address") }
        var urlRequest = URLRequest(url: address, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: 60)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        let data: Data
        let response: URLResponse
        // Run apart from the caller's task: the gateway's timeout cancels the caller, and cancelling a
        // URLSession task that is finishing crashes FoundationNetworking on Linux ("a task that is not in
        // the registry"). An abandoned request ends by itself at its own timeoutInterval.
        let session = session
        let transfer = Task { try await session.data(for: urlRequest) }
        do {
            (data, response) = try await transfer.value
        } catch let error as URLError {
            throw Self.failure(error)
        } catch {
            throw TransportFailure(.lost, "the request failed")
        }
        guard let http = response as? HTTPURLResponse else { throw TransportFailure(.lost, "the answer was not HTTP") }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key] = value }
        }
        return BinanceHTTPResponse(status: http.statusCode, headers: headers, body: Array(data))
    }

    /// Errors that happen before a byte is sent are `notSent`; anything else may have reached the exchange.
    private static func failure(_ error: URLError) -> TransportFailure {
        switch error.code {
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet, .badURL, .unsupportedURL:
            TransportFailure(.notSent, "could not connect (URLError \(error.code.rawValue))")
        default:
            TransportFailure(.lost, "the connection failed (URLError \(error.code.rawValue))")
        }
    }
}
