import Foundation
public import Drivers
import MarketData
public import MarketFetch
import SparkCore
import Store

/// `spark data fetch`: Binance REST klines into the store, resuming after the last stored bar.
public enum DataFetch {
    /// What to fetch.
    public struct Request: Sendable {
        public var databasePath: String
        public var symbol: String
        public var interval: String
        /// Epoch ms, inclusive.
        public var from: Int64
        public var to: Int64
        public var baseURL = "https://api.binance.com"

        public init(databasePath: String, symbol: String, interval: String, from: Int64, to: Int64) {
            self.databasePath = databasePath
            self.symbol = symbol
            self.interval = interval
            self.from = from
            self.to = to
        }
    }

    /// Fetches `request` with `transport`; each page is written in its own transaction, so an
    /// interrupted fetch keeps whole pages and the next run resumes after the last stored bar.
    public static func run(
        _ request: Request, transport: any HTTPTransport, policy: FetchPolicy = FetchPolicy(),
        now: @escaping @Sendable () -> Int64, sleep: @escaping @Sendable (Double) async throws -> Void,
        progress: ProgressReporter? = nil, log: @escaping @Sendable (String) -> Void
    ) async throws -> FetchSummary {
        guard request.from <= request.to else {
            throw ConfigError(.flag, "--from \(ISOTime.string(request.from)) is after --to \(ISOTime.string(request.to))", hint: "swap them")
        }
        let interval = try BarInterval.parse(request.interval, file: "--interval")
        guard BinanceFileName.isValidSymbol(request.symbol) else {
            throw ConfigError(.flag, "--symbol \(request.symbol) is not a Binance symbol", hint: "use upper-case letters and digits, e.g. BTCUSDT")
        }
        let database = try AppDatabase.open(path: request.databasePath)
        var from = request.from
        if let last = try database.lastTime(symbol: request.symbol, interval: interval.name), last >= from {
            from = last + (interval.milliseconds ?? 1)
            log("resuming after the last stored bar, \(ISOTime.string(last))")
        }
        guard from <= request.to else {
            log("nothing to fetch: the store already holds \(request.symbol) \(interval.name) up to \(ISOTime.string(request.to))")
            return FetchSummary()
        }
        let fetcher = KlineFetcher(transport: transport, baseURL: request.baseURL, policy: policy, now: now, sleep: sleep, log: log)
        let step = interval.milliseconds ?? 60_000
        let expected = Int(max(1, (request.to - from) / step + 1))
        progress?.start(label: "\(request.symbol) \(interval.name)", total: expected)
        var fetched = 0
        let summary = try await fetcher.fetch(symbol: request.symbol, interval: interval, from: from, to: request.to) { bars in
            try database.importSeries(symbol: request.symbol, interval: interval.name) { writer in
                for bar in bars {
                    try writer.write(time: bar.time, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume)
                }
            }
            fetched += bars.count
            progress?.update(done: fetched, rows: fetched)
        }
        progress?.finish(rows: summary.bars)
        return summary
    }
}
