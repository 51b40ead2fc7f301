/// What `POST /jobs` asks for: a backtest (the `spark backtest` choices) or a sweep (a spec file).
public struct JobRequest: Codable, Sendable, Equatable {
    /// `backtest` or `sweep`.
    public var kind: String
    /// Backtest: the strategy's Lua file, relative to the project.
    public var strategy: String?
    public var symbol: String?
    /// Backtest: a CSV bar file of the project (or use `db` with `from`/`to`).
    public var data: String?
    public var db: String?
    public var from: String?
    public var to: String?
    public var params: String?
    public var interval: String?
    public var cash: Double?
    /// Sweep: the spec file, relative to the project.
    public var spec: String?

    public init(kind: String) {
        self.kind = kind
    }

    /// The `spark` arguments of the job's process, writing its evidence to `out`.
    func arguments(out: String, resultsStore: String) throws(ControlRefusal) -> [String] {
        switch kind {
        case "backtest":
            guard let strategy, let symbol else { throw ControlRefusal(400, "invalid", "a backtest job needs strategy and symbol") }
            guard (data == nil) != (db == nil) else { throw ControlRefusal(400, "invalid", "a backtest job needs data (a CSV file) or db (a bar store), not both") }
            guard symbol.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }), !symbol.isEmpty else {
                throw ControlRefusal(400, "invalid", "symbol must be an exchange symbol such as BTCUSDT")
            }
            var arguments = ["backtest", "--strategy", try SessionRequest.projectPath(strategy, "strategy"), "--symbol", symbol, "--out", out]
            if let data { arguments += ["--data", try SessionRequest.projectPath(data, "data")] }
            if let db { arguments += ["--db", try SessionRequest.projectPath(db, "db")] }
            if let params { arguments += ["--params", try SessionRequest.projectPath(params, "params")] }
            for (flag, value) in [("--from", from), ("--to", to), ("--interval", interval), ("--cash", cash.map { String($0) })] {
                guard let value else { continue }
                guard !value.hasPrefix("-"), !value.isEmpty else { throw ControlRefusal(400, "invalid", "\(flag) must not be empty or start with '-'") }
                arguments += [flag, value]
            }
            return arguments
        case "sweep":
            guard let spec else { throw ControlRefusal(400, "invalid", "a sweep job needs spec: a sweep spec file of the project") }
            return ["sweep", "run", try SessionRequest.projectPath(spec, "spec"), "--out", out, "--store", resultsStore, "--workers", "1"]
        default:
            throw ControlRefusal(400, "invalid", "kind must be backtest or sweep, got '\(kind)'")
        }
    }
}
