import Foundation
import Hummingbird

/// A state-changing request read in full (up to the body limit) and admitted by the control gate.
struct SignedRequest {
    let caller: ControlCaller
    let body: Data

    /// Reads the body (413 past `limit`), then asks the gate; a refusal is the reply to send.
    static func admit(_ action: (Data) -> ControlAction, request: Request, gate: ControlGate, limit: Int) async -> Result<SignedRequest, ControlRefusal> {
        let body: Data
        do {
            var buffer = try await request.body.collect(upTo: limit)
            body = Data(buffer.readBytes(length: buffer.readableBytes) ?? [])
        } catch {
            return .failure(ControlRefusal(413, "invalid", "the request body is over \(limit) bytes (serve.max_body_bytes)"))
        }
        // The action only picks the roles; a body that does not decode is refused after the signature check.
        let chosen = action(body)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let path = request.uri.description
        return gate.admit(chosen, method: request.method.rawValue, path: path, headers: headers, body: body).map { SignedRequest(caller: $0, body: body) }
    }

    /// The body decoded as `T`; a 400 refusal naming the field when it does not decode.
    func decode<T: Decodable>(_ type: T.Type) throws(ControlRefusal) -> T {
        try Self.decode(type, body)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ body: Data) throws(ControlRefusal) -> T {
        do {
            return try JSONDecoder().decode(type, from: body.isEmpty ? Data("{}".utf8) : body)
        } catch let DecodingError.keyNotFound(key, _) {
            throw ControlRefusal(400, "invalid", "the JSON body has no \(key.stringValue)")
        } catch let DecodingError.typeMismatch(_, context) {
            throw ControlRefusal(400, "invalid", "the JSON body's \(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type")
        } catch {
            throw ControlRefusal(400, "invalid", "the body is not the JSON this endpoint takes")
        }
    }
}
