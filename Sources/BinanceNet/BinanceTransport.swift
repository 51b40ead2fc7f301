/// One HTTP request to Binance's REST API: everything in the query string, no body.
public struct BinanceHTTPRequest: Sendable, Equatable {
    /// GET, POST or DELETE.
    public var method: String
    /// The full address, query string included (it holds the signature: never log it).
    public var url: String
    /// `X-MBX-APIKEY` for signed calls.
    public var headers: [String: String]

    /// A request to `url`.
    public init(method: String, url: String, headers: [String: String] = [:]) {
        self.method = method
        self.url = url
        self.headers = headers
    }
}

/// An HTTP answer: status, headers, body bytes.
public struct BinanceHTTPResponse: Sendable, Equatable {
    /// The HTTP status.
    public var status: Int
    /// Header names as the server spelled them (read them case-insensitively).
    public var headers: [String: String]
    /// The body bytes (JSON).
    public var body: [UInt8]

    /// An answer with `status`, `headers` and `body`.
    public init(status: Int, headers: [String: String] = [:], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Why a request got no HTTP answer.
public struct TransportFailure: Error, Sendable, Equatable {
    /// Whether the request can have reached the server.
    public enum Kind: Sendable, Equatable {
        /// The connection was never made (refused, no route, DNS): nothing was sent.
        case notSent
        /// Sent or maybe sent, then the connection failed: the outcome is unknown.
        case lost
    }

    /// Whether anything can have been sent.
    public var kind: Kind
    /// What happened, without the address (it holds the signature).
    public var message: String

    /// A failure of `kind`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}

/// Sends REST requests; ``URLSessionBinanceTransport`` in production, a script in tests.
public protocol BinanceTransport: Sendable {
    /// Sends `request` and returns the answer, whatever its status.
    func send(_ request: BinanceHTTPRequest) async throws(TransportFailure) -> BinanceHTTPResponse
}
