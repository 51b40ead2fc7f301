public import SparkConfig

/// The services `spark serve` runs.
public enum ServiceKind: String, Sendable, CaseIterable, Codable {
    case executor, backtest, streams, web

    /// The port `spark.yaml` gives the service (4001, 4501 and 4601 by default).
    public func port(in settings: ServeSettings) -> Int {
        switch self {
        case .executor: settings.executorPort
        case .backtest: settings.backtestPort
        case .streams: settings.streamsPort
        case .web: settings.webPort
        }
    }
}
