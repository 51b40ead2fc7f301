import Foundation
public import BinanceNet
import Live

/// A transport that fires the crash points that fall while a request is at the exchange: once a
/// new order (`after_send`) or a cancel (`mid_cancel`) has reached the exchange and its answer has
/// come back, before the gateway reads that answer. What the exchange did with the request is
/// then done, and Spark knows nothing of it: the case a restart must reconcile.
///
/// A request that got no answer does not fire: it may never have reached the exchange. Release
/// builds never fire (``CrashPoint/hit(_:)``).
public struct CrashPointTransport: BinanceTransport {
    let inner: any BinanceTransport

    /// Wraps `inner`, which does the sending.
    public init(_ inner: any BinanceTransport) { self.inner = inner }

    public func send(_ request: BinanceHTTPRequest) async throws(TransportFailure) -> BinanceHTTPResponse {
        let response = try await inner.send(request)
        if let point = Self.point(request) { CrashPoint.hit(point) }
        return response
    }

    /// The crash point a request's answer passes: new orders and order lists, cancels.
    static func point(_ request: BinanceHTTPRequest) -> String? {
        let path = URLComponents(string: request.url)?.path ?? ""
        switch (request.method, path) {
        case ("POST", "/api/v3/order"): return "after_send"
        case ("POST", let path) where path.hasPrefix("/api/v3/orderList/") || path == "/api/v3/order/oco": return "after_send"
        case ("DELETE", "/api/v3/order"): return "mid_cancel"
        default: return nil
        }
    }
}
