import Foundation
import Serve
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The demo's HTTP client: GETs, and POSTs signed as the CLI signs them.
struct DemoClient {
    let signer: ControlSigner

    func send(_ method: String, _ url: String, body: Data = Data(), signed: Bool = false) async throws -> (status: Int, body: Data) {
        guard let address = URL(string: url) else { throw DemoError("not a URL: \(url)") }
        var request = URLRequest(url: address)
        request.httpMethod = method
        if method != "GET" { request.httpBody = body }
        if signed {
            let path = address.path + (address.query.map { "?" + $0 } ?? "")
            for (name, value) in try signer.headers(method: method, path: path, body: body, now: Date()) { request.setValue(value, forHTTPHeaderField: name) }
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    static func object(_ data: Data) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    static func errorMessage(_ data: Data) -> String {
        ((object(data)["error"] as? [String: Any])?["message"] as? String) ?? String(decoding: data, as: UTF8.self)
    }
}
