import Yams

extension ServeSettings {
    /// Reads `serve:` strictly: known keys, ports from 0 to 65535, sane limits, and a non-loopback
    /// bind only with `allow_insecure_bind: true`.
    static func read(_ node: Node, in file: YAMLFile) throws(ConfigError) -> Self {
        var settings = ServeSettings()
        var bindNode: Node?
        for (key, _, value) in try file.mapping(node, allowed: keys, what: "serve") {
            switch key {
            case "bind":
                settings.bind = try file.scalar(value, what: "serve.bind")
                bindNode = value
            case "executor_port": settings.executorPort = try port(value, key, file)
            case "backtest_port": settings.backtestPort = try port(value, key, file)
            case "streams_port": settings.streamsPort = try port(value, key, file)
            case "web_port": settings.webPort = try port(value, key, file)
            case "allow_insecure_bind":
                let text = try file.scalar(value, what: "serve.allow_insecure_bind")
                guard let flag = Bool(text) else { throw file.error(.value, "serve.allow_insecure_bind must be true or false, got '\(text)'", at: value) }
                settings.allowInsecureBind = flag
            case "control_skew_s": settings.controlSkewSeconds = try bounded(value, key, 1...300, file)
            case "backtest_workers": settings.backtestWorkers = try bounded(value, key, 1...64, file)
            case "restart_limit": settings.restartLimit = try bounded(value, key, 0...100, file)
            case "restart_backoff_ms": settings.restartBackoffMs = try bounded(value, key, 0...600_000, file)
            case "max_body_bytes": settings.maxBodyBytes = try bounded(value, key, 1_024...16_777_216, file)
            case "stream_symbols":
                settings.streamSymbols = try file.list(value, what: "serve.stream_symbols").map { $0.uppercased() }
                for symbol in settings.streamSymbols where symbol.isEmpty || !symbol.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
                    throw file.error(.value, "serve.stream_symbols: '\(symbol)' is not an exchange symbol such as BTCUSDT", at: value)
                }
            case "stream_interval": settings.streamInterval = try file.scalar(value, what: "serve.stream_interval")
            default:
                let url = try file.scalar(value, what: "serve.market_url")
                guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                    throw file.error(.value, "serve.market_url '\(url)' needs a scheme (https:// or http://)", at: value)
                }
                settings.marketURL = url
            }
        }
        if let bindNode, !settings.bindsLoopback, !settings.allowInsecureBind {
            throw file.error(
                .value, "serve.bind \(settings.bind) is not a loopback address and Spark serves plain HTTP", at: bindNode,
                hint: "keep 127.0.0.1, or put a TLS-terminating proxy in front and set allow_insecure_bind: true"
            )
        }
        return settings
    }

    private static func port(_ node: Node, _ key: String, _ file: YAMLFile) throws(ConfigError) -> Int {
        try bounded(node, key, 0...65_535, file)
    }

    private static func bounded(_ node: Node, _ key: String, _ range: ClosedRange<Int>, _ file: YAMLFile) throws(ConfigError) -> Int {
        let value = try file.integer(node, what: "serve.\(key)")
        guard range.contains(Int(value)) else {
            throw file.error(.value, "serve.\(key) must be from \(range.lowerBound) to \(range.upperBound), got \(value)", at: node)
        }
        return Int(value)
    }
}
