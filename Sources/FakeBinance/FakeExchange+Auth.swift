import Foundation

extension FakeExchange {
    /// Checks a signed request: known API key (-2015), timestamp inside recvWindow (-1021), signature (-1022).
    func authenticate(apiKey: String?, payload: String, params: [String: String]) throws(FakeAPIError) {
        guard let apiKey, let credential = accounts[apiKey]?.credential else { throw .badKey }
        guard let timestamp = params["timestamp"].flatMap({ Int64($0) }) else { throw .mandatory("timestamp") }
        let recvWindow = params["recvWindow"].flatMap { Int64($0) } ?? 5000
        guard recvWindow > 0, recvWindow <= 60_000 else {
            throw FakeAPIError(code: -1131, msg: "recvWindow must be less than 60000")
        }
        let now = nowMs()
        if timestamp > now + 1000 { throw .timestampAhead }
        if now - timestamp > recvWindow { throw .timestampOutside }
        guard let signature = params["signature"], FakeSignature.verify(credential, payload: payload, signature: signature) else {
            throw .badSignature
        }
    }

    /// Whether an API key uses Ed25519 (required by `session.logon`).
    func isEd25519(apiKey: String) -> Bool {
        if case .ed25519 = accounts[apiKey]?.credential { return true }
        return false
    }
}
