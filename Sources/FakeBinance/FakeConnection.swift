/// One open WebSocket connection, as the exchange tracks it.
struct FakeConnection: Sendable {
    /// The WebSocket API or a combined market stream with its stream names (lowercased).
    enum Kind: Sendable {
        case api
        case market(Set<String>)
    }

    var kind: Kind
    var continuation: AsyncStream<FakeOutbound>.Continuation
    var openedAtMs: Int64
    var lastPingMs: Int64
    var silent = false
    var loggedOnKey: String?
    var subscribedKey: String?
}

extension FakeConnection {
    /// The stream name as the client spelled it (names are stored lowercased; Binance spells bookTicker in camel case).
    func streamName(_ lowercased: String) -> String {
        lowercased.hasSuffix("@bookticker") ? String(lowercased.dropLast("bookticker".count)) + "bookTicker" : lowercased
    }
}
