// The loopback floor's client: URLSession and Binance's query signing, nothing of Spark in between.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Binance

/// Plain REST calls to the fake exchange, signed like Binance's docs say.
struct BareREST {
    let base: String
    let apiKey: String
    let signer: RequestSigner
    let session: URLSession

    init(port: Int, apiKey: String, secret: String) {
        base = "http://127.0.0.1:\(port)"
        self.apiKey = apiKey
        signer = RequestSigner(hmacSecret: secret)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    /// Sends one request; returns the HTTP status. `signed` adds timestamp, recvWindow and signature.
    @discardableResult
    func call(_ method: String, _ path: String, _ parameters: [(String, String)], signed: Bool) async throws -> Int {
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        let query = signed ? BinanceQuery.signed(parameters, timestamp: now, recvWindow: 5_000, signer: signer) : BinanceQuery.build(parameters)
        var request = URLRequest(url: URL(string: base + path + (query.isEmpty ? "" : "?" + query))!)
        request.httpMethod = method
        if signed { request.setValue(apiKey, forHTTPHeaderField: "X-MBX-APIKEY") }
        let (_, response) = try await session.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }
}
