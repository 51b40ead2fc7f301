import Foundation

extension FakeExchange {
    /// Answers one WebSocket API request frame on connection `id`.
    func handleWSAPI(_ id: Int, text: String) {
        guard let request = FakeJSON.object(text) else {
            reply(id, FakeJSON.string(["id": NSNull(), "status": 400, "error": ["code": -1000, "msg": "Malformed request."]]))
            return
        }
        let requestId: Any = request["id"] ?? NSNull()
        let method = request["method"] as? String ?? ""
        let params = (request["params"] as? [String: Any] ?? [:]).mapValues { "\($0)" }
        let admission = admit(method: "WS", path: method, weight: method == "ping" ? 1 : 2, isOrder: false, apiKey: params["apiKey"], clientOrderId: nil)
        let logIndex = admission.logIndex
        var answer: [String: Any]
        do throws(FakeAPIError) {
            if let refusal = admission.refusal { throw refusal }
            let result = try wsResult(id, method: method, params: params)
            answer = ["id": requestId, "status": 200, "result": result, "rateLimits": wsRateLimits()]
        } catch {
            var body: [String: Any] = ["code": error.code, "msg": error.msg]
            if let seconds = error.retryAfterSeconds { body["data"] = ["retryAfter": nowMs() + Int64(seconds) * 1000] }
            answer = ["id": requestId, "status": error.httpStatus, "error": body]
        }
        answered(logIndex, status: answer["status"] as? Int ?? 200)
        reply(id, FakeJSON.string(answer))
    }

    /// The result object of a WebSocket API method.
    func wsResult(_ id: Int, method: String, params: [String: String]) throws(FakeAPIError) -> [String: Any] {
        switch method {
        case "ping":
            return [:]
        case "session.logon":
            let apiKey = params["apiKey"] ?? ""
            guard isEd25519(apiKey: apiKey) || accounts[apiKey] == nil else {
                throw FakeAPIError(code: -4056, msg: "HMAC_SHA256 API key is not supported.")
            }
            try authenticate(apiKey: apiKey, payload: Self.sortedPayload(params), params: params)
            setSession(id, loggedOn: apiKey)
            return ["apiKey": apiKey, "authorizedSince": nowMs(), "connectedSince": nowMs(), "returnRateLimits": false, "serverTime": nowMs()]
        case "userDataStream.subscribe":
            guard let apiKey = loggedOnKey(id) else {
                throw FakeAPIError(code: -2015, msg: "Invalid API-key, IP, or permissions for action.", httpStatus: 401)
            }
            setSession(id, subscribed: apiKey)
            return ["subscriptionId": 0]
        case "userDataStream.subscribe.signature":
            let apiKey = params["apiKey"]
            try authenticate(apiKey: apiKey, payload: Self.sortedPayload(params), params: params)
            setSession(id, subscribed: apiKey)
            return ["subscriptionId": 0]
        default:
            throw FakeAPIError(code: -1020, msg: "This operation is not supported.")
        }
    }

    /// The WebSocket API signing payload: parameters except `signature`, sorted by key.
    static func sortedPayload(_ params: [String: String]) -> String {
        params.filter { $0.key != "signature" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
    }

    func wsRateLimits() -> [[String: Any]] {
        [["rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1, "limit": config.rateLimits.requestWeightPerMinute,
          "count": limiter.usedWeight]]
    }
}
