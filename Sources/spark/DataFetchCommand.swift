import ArgumentParser
import Drivers
import Foundation
import MarketFetch
import DataOps

extension Spark.DataCommand {
    struct Fetch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "fetch", 
            abstract: "Fetch klines from Binance's REST API into the store, resuming after the last stored bar.",
            discussion: """
            Pages through GET /api/v3/klines (1000 bars a request) and drops the still-open last candle. Rate-limit headers and Retry-After are honoured; HTTP 429 backs off and retries, 418 (IP banned) stops at once; server errors and timeouts are retried a few times. Each page is written in one transaction, so an interrupted fetch resumes cleanly when run again.

            Example:
              spark data fetch --symbol BTCUSDT --interval 1m --from 2024-01-01 --to 2024-02-01 --db out/spark.db
            """
        )

        @OptionGroup var store: StoreOption

        @Option(name: .long, help: "The Binance spot symbol, e.g. BTCUSDT.")
        var symbol: String

        @Option(name: .long, help: "Kline interval: 1s, 1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 8h, 12h, 1d, 3d, 1w or 1mo.")
        var interval = "1m"

        @Option(name: .long, help: ArgumentHelp("First open time: 2024-01-01, 2024-01-01T12:00:00Z or epoch ms.", valueName: "time"))
        var from: String

        @Option(name: .long, help: ArgumentHelp("Last open time (inclusive); default now.", valueName: "time"))
        var to: String?

        @Option(name: .customLong("base-url"), help: "The API's base URL (a testnet or a mirror).")
        var baseURL = "https://api.binance.com"

        @Option(name: .long, help: "Seconds before a request times out.")
        var timeout = 30.0

        @Flag(name: .long, help: "No progress bar or progress lines.")
        var quiet = false

        func validate() throws {
            try validateRange(from, to)
            guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        }

        func run() async throws {
            let wallClock: @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
            var request = DataFetch.Request(
                databasePath: store.db, symbol: symbol, interval: interval,
                from: try parseTime(from, "--from")!, to: try parseTime(to, "--to") ?? wallClock()
            )
            request.baseURL = baseURL
            try CLI.ensureDirectory(for: store.db)
            let summary = try await CLI.guarded {
                try await DataFetch.run(
                    request, transport: URLSessionTransport(timeoutSeconds: timeout), now: wallClock,
                    sleep: { seconds in try await Task.sleep(for: .milliseconds(Int64(seconds * 1000))) },
                    progress: quiet ? nil : ProgressReporter.standardError(), log: { CLI.warn($0) }
                )
            }
            let last = summary.lastTime.map { ", last bar \(ISOTime.string($0))" } ?? ""
            print("fetched \(summary.bars) bars of \(symbol) \(interval) in \(summary.requests) requests (\(summary.retries) retries)\(last)\(summary.droppedOpenCandle ? "; dropped the still-open candle" : "")")
        }
    }
}
