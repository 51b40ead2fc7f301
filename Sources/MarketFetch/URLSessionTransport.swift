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
        let seconds = timeout
        // URLSession's own timeout is coarse on Linux (whole seconds of idle time), so race a timer.
        return try await withThrowingTaskGroup(of: HTTPResponse.self) { group in
            group.addTask { try await Self.perform(address, timeout: seconds) }
            group.addTask {
                try await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
                throw FetchError(.transport, "timed out after \(seconds) s", url: url)
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    private static func perform(_ address: URL, timeout: Double) async throws -> HTTPResponse {
        var request = URLRequest(url: address, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: max(1, timeout))
        request.httpMethod = "GET"
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw FetchError(.transport, "no HTTP response from \(address)") }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key] = value }
        }
        return HTTPResponse(status: http.statusCode, headers: headers, body: Array(data))
    }
}
