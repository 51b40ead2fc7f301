/// The REST endpoints of docs/binance-subset.md with their weights.
enum FakeRoute: String, Sendable, CaseIterable {
    case ping, time, exchangeInfo, klines, newOrder, oco, oto, otoco, getOrder, cancelOrder, openOrders, myTrades, account

    /// HTTP method.
    var method: String {
        switch self {
        case .newOrder, .oco, .oto, .otoco: return "POST"
        case .cancelOrder: return "DELETE"
        default: return "GET"
        }
    }

    /// Path under the base address.
    var path: String {
        switch self {
        case .ping: return "/api/v3/ping"
        case .time: return "/api/v3/time"
        case .exchangeInfo: return "/api/v3/exchangeInfo"
        case .klines: return "/api/v3/klines"
        case .newOrder, .getOrder, .cancelOrder: return "/api/v3/order"
        case .oco: return "/api/v3/orderList/oco"
        case .oto: return "/api/v3/orderList/oto"
        case .otoco: return "/api/v3/orderList/otoco"
        case .openOrders: return "/api/v3/openOrders"
        case .myTrades: return "/api/v3/myTrades"
        case .account: return "/api/v3/account"
        }
    }

    /// REQUEST_WEIGHT cost.
    var weight: Int {
        switch self {
        case .ping, .time, .newOrder, .oco, .oto, .otoco, .cancelOrder: return 1
        case .klines: return 2
        case .getOrder: return 4
        case .openOrders: return 6
        case .exchangeInfo, .myTrades, .account: return 20
        }
    }

    /// Whether the endpoint needs a signature.
    var signed: Bool { ![.ping, .time, .exchangeInfo, .klines].contains(self) }

    /// Whether it counts against ORDERS.
    var isOrder: Bool { self == .newOrder || self == .oco || self == .oto || self == .otoco }
}
