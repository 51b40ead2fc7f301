import Yams

extension LiveSettings {
    /// Reads `live:` strictly: known keys, an account tag Binance's client ids can carry, addresses
    /// with a scheme, a recvWindow Binance accepts.
    static func read(_ node: Node, in file: YAMLFile) throws(ConfigError) -> Self {
        var settings = LiveSettings()
        for (key, _, value) in try file.mapping(node, allowed: keys, what: "live") {
            switch key {
            case "venue":
                settings.venue = try file.scalar(value, what: "live.venue")
                guard settings.venue == "binance" else {
                    throw file.error(.value, "live.venue '\(settings.venue)' is not a venue Spark trades; only binance (spot) is", at: value)
                }
            case "account":
                settings.account = try file.scalar(value, what: "live.account")
                guard (1...8).contains(settings.account.count), settings.account.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                    throw file.error(.value, "live.account '\(settings.account)' must be 1 to 8 letters or digits: it is part of every client order id", at: value)
                }
            case "credentials":
                settings.credentials = try file.scalar(value, what: "live.credentials")
            case "rest_url", "ws_api_url", "stream_url":
                let url = try file.scalar(value, what: "live.\(key)")
                let schemes = key == "rest_url" ? ["https://", "http://"] : ["wss://", "ws://", "https://", "http://"]
                guard schemes.contains(where: url.hasPrefix) else {
                    throw file.error(.value, "live.\(key) '\(url)' needs a scheme (\(schemes.joined(separator: ", ")))", at: value)
                }
                switch key {
                case "rest_url": settings.restURL = url
                case "ws_api_url": settings.wsAPIURL = url
                default: settings.streamURL = url
                }
            case "recv_window_ms":
                let window = try file.integer(value, what: "live.recv_window_ms")
                guard (1...60_000).contains(window) else {
                    throw file.error(.value, "live.recv_window_ms must be from 1 to 60000 (Binance's maximum), got \(window)", at: value)
                }
                settings.recvWindowMs = Int(window)
            case "request_timeout_ms":
                let timeout = try file.integer(value, what: "live.request_timeout_ms")
                guard (100...120_000).contains(timeout) else {
                    throw file.error(.value, "live.request_timeout_ms must be from 100 to 120000, got \(timeout)", at: value)
                }
                settings.requestTimeoutMs = Int(timeout)
            case "stop_on_foreign_orders":
                let text = try file.scalar(value, what: "live.stop_on_foreign_orders")
                guard let flag = Bool(text) else {
                    throw file.error(.value, "live.stop_on_foreign_orders must be true or false, got '\(text)'", at: value)
                }
                settings.stopOnForeignOrders = flag
            default:
                let tolerance = try file.number(value, what: "live.balance_tolerance")
                guard tolerance >= 0, tolerance < 1 else {
                    throw file.error(.value, "live.balance_tolerance must be from 0 to under 1, got \(tolerance)", at: value)
                }
                settings.balanceTolerance = tolerance
            }
        }
        return settings
    }
}
