import Foundation

extension SessionRequest {
    /// The `spark` arguments of the session's process; a refusal when a field is malformed, names a
    /// file outside the project, or could be read as a flag.
    func arguments(journal: String, telemetry: String, resume: String?) throws(ControlRefusal) -> [String] {
        guard mode == "paper" || mode == "live" else { throw ControlRefusal(400, "invalid", "mode must be paper or live, got '\(mode)'") }
        guard !symbol.isEmpty, symbol.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw ControlRefusal(400, "invalid", "symbol must be an exchange symbol such as BTCUSDT, got '\(symbol)'")
        }
        var arguments = [mode, "--strategy", try Self.projectPath(strategy, "strategy"), "--symbol", symbol, "--journal", journal]
        func add(_ flag: String, _ value: String?) throws(ControlRefusal) {
            guard let value else { return }
            guard !value.hasPrefix("-"), !value.isEmpty else { throw ControlRefusal(400, "invalid", "\(flag) must not be empty or start with '-'") }
            arguments += [flag, value]
        }
        if let params { try add("--params", try Self.projectPath(params, "params")) }
        if let policy { try add("--policy", try Self.projectPath(policy, "policy")) }
        try add("--interval", interval)
        try add("--bars", bars.map(String.init))
        if mode == "paper" {
            guard let feed else { throw ControlRefusal(400, "invalid", "a paper session needs feed: a bar file of the project or binance:SYMBOL") }
            try add("--feed", feed.hasPrefix("binance:") ? feed : try Self.projectPath(feed, "feed"))
            try add("--market-url", marketURL)
            try add("--speed", speed)
            try add("--cash", cash.map { String($0) })
            arguments += ["--telemetry", telemetry]
        } else {
            guard feed == nil, speed == nil, cash == nil, marketURL == nil else {
                throw ControlRefusal(400, "invalid", "a live session takes its market and cash from the exchange: drop feed, market_url, speed and cash")
            }
            if let resume { arguments += ["--resume", resume] }
            arguments += ["--telemetry", telemetry]
        }
        return arguments
    }

    /// A path relative to the project root without `..`: sessions read only the project's files.
    static func projectPath(_ path: String, _ field: String) throws(ControlRefusal) -> String {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.hasPrefix("-"), !path.split(separator: "/").contains("..") else {
            throw ControlRefusal(400, "invalid", "\(field) must be a path inside the project (relative, no '..'), got '\(path)'")
        }
        return path
    }
}
