public import Binance
import Foundation

/// The WebSocket API requests that open the user-data stream: `session.logon` then
/// `userDataStream.subscribe` for Ed25519 keys, `userDataStream.subscribe.signature` for HMAC keys.
public enum UserStreamHandshake {
    /// The id of the request whose success means the subscription is live.
    public static let subscribeID = "spark-subscribe"
    /// The id of the logon request.
    public static let logonID = "spark-logon"

    /// The request frames in order, signed for `timestamp` (exchange ms) and `recvWindow`.
    public static func requests(credentials: BinanceCredentials, timestamp: Int64, recvWindow: Int) -> [String] {
        // Parameters are signed in alphabetical key order: apiKey, recvWindow, timestamp.
        let payload = BinanceQuery.payload([("apiKey", credentials.apiKey)], timestamp: timestamp, recvWindow: recvWindow)
        let signed: [String: Any] = [
            "apiKey": credentials.apiKey, "timestamp": timestamp, "recvWindow": recvWindow, "signature": credentials.signer.signature(of: payload),
        ]
        if credentials.canLogOn {
            return [
                frame(id: logonID, method: "session.logon", params: signed),
                frame(id: subscribeID, method: "userDataStream.subscribe", params: nil),
            ]
        }
        return [frame(id: subscribeID, method: "userDataStream.subscribe.signature", params: signed)]
    }

    /// A WebSocket API `ping` request.
    public static func ping(sequence: Int) -> String { frame(id: "spark-ping-\(sequence)", method: "ping", params: nil) }

    static func frame(id: String, method: String, params: [String: Any]?) -> String {
        var object: [String: Any] = ["id": id, "method": method]
        if let params { object["params"] = params }
        // Only strings and integers go in, which JSONSerialization always encodes.
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
