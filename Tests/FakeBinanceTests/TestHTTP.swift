import Crypto
@testable import FakeBinance
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP answer of the fake.
struct TestAnswer: Sendable {
    var status: Int
    var headers: [String: String]
    var text: String

    var json: [String: Any] { FakeJSON.object(text) ?? [:] }
    var array: [[String: Any]] { ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [[String: Any]]) ?? [] }
    var code: Int? { (json["code"] as? NSNumber)?.intValue }
    func header(_ name: String) -> String? { headers.first { $0.key.lowercased() == name.lowercased() }?.value }
}

/// A small signing REST client for tests (the fake's own wire rules, written from the doc).
struct TestHTTP: Sendable {
    enum Signing: Sendable { case none, hmac, ed25519, badSignature }

    let server: FakeBinanceServer
    var apiKey: String = TestKeys.hmacKey
    var signing: Signing = .hmac
    var timeout: TimeInterval = 60

    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    func send(_ method: String, _ path: String, _ params: [(String, String)] = [], timestampOffset: Int64 = 0) async throws -> TestAnswer {
        var query = params.map { "\($0.0)=\(Self.encode($0.1))" }.joined(separator: "&")
        if signing != .none {
            let timestamp = await server.nowMs() + timestampOffset
            query += (query.isEmpty ? "" : "&") + "recvWindow=5000&timestamp=\(timestamp)"
            query += "&signature=" + signature(query)
        }
        var request = URLRequest(url: URL(string: server.baseURL + path + (query.isEmpty ? "" : "?" + query))!)
        request.httpMethod = method
        request.timeoutInterval = timeout
        request.setValue(apiKey, forHTTPHeaderField: "X-MBX-APIKEY")
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        let headers = (http.allHeaderFields as? [String: String]) ?? [:]
        return TestAnswer(status: http.statusCode, headers: headers, text: String(decoding: data, as: UTF8.self))
    }

    func signature(_ payload: String) -> String {
        switch signing {
        case .none: return ""
        case .hmac: return FakeSignature.hmacHex(secret: TestKeys.hmacSecret, payload: payload)
        case .badSignature: return FakeSignature.hmacHex(secret: "wrong", payload: payload)
        case .ed25519: return Self.encode(try! TestKeys.edPrivate.signature(for: Data(payload.utf8)).base64EncodedString())
        }
    }

    /// Posts a new order; `params` after symbol.
    func order(_ params: [(String, String)]) async throws -> TestAnswer {
        try await send("POST", "/api/v3/order", [("symbol", "BTCUSDT")] + params)
    }

    /// POSTs JSON to the control API.
    func control(_ path: String, _ body: [String: Any]) async throws -> TestAnswer {
        var request = URLRequest(url: URL(string: server.baseURL + path)!)
        request.httpMethod = "POST"
        request.httpBody = FakeJSON.string(body).data(using: .utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        return TestAnswer(status: (response as! HTTPURLResponse).statusCode, headers: [:], text: String(decoding: data, as: UTF8.self))
    }
}
