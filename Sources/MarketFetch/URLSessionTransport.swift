import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// ``HTTPTransport`` over Foundation's `URLSession` (FoundationNetworking on Linux).
public struct URLSessionTransport: HTTPTransport {
    private let timeout: Double

    /// A transport whose requests time out after `timeoutSeconds`.
    public init(timeoutSeconds: Double = 30) {
        timeout = timeoutSeconds
    }

    public func get(_ url: String) async throws -> HTTPResponse {
        guard let address = URL(string: url) else { throw FetchError(.flag, "not a valid URL: \(url)", hint: "check --base-url") }
        var request = URLRequest(url: address, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "GET"
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw FetchError(.transport, "no HTTP response from \(url)") }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key] = value }
        }
        return HTTPResponse(status: http.statusCode, headers: headers, body: Array(data))
    }
}
