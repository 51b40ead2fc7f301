import Foundation
import Hummingbird

/// JSON answers and errors, the same shape on every service: `{"error": {"code", "message", "hint"}}`.
enum JSONReply {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return encoder
    }()

    static func ok(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func error(_ status: Int, _ code: String, _ message: String, hint: String? = nil) -> Response {
        var body: [String: String] = ["code": code, "message": message]
        body["hint"] = hint
        return ok(["error": body], status: HTTPResponse.Status(code: status))
    }

    static func refusal(_ refusal: ControlRefusal) -> Response {
        error(refusal.status, refusal.code, refusal.message, hint: refusal.hint)
    }
}
