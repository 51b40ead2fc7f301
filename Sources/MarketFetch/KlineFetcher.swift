import Foundation
public import MarketData
public import SparkCore

/// Pages through Binance's `GET /api/v3/klines` and hands closed bars to a sink, page by page.
///
/// Time comes from the injected `now` (epoch ms) and waiting from the injected `sleep`, so tests run
/// instantly and deterministically. The still-open candle (close time ≥ now) is dropped. 429 waits
/// for `Retry-After` (or backs off) and retries; 418 stops at once; 5xx, transport failures and
/// malformed bodies are retried with exponential back-off up to ``FetchPolicy/maxAttempts``. When
/// `X-MBX-USED-WEIGHT-1M` nears the limit, the fetcher pauses until the next minute.
public struct KlineFetcher: Sendable {
    public let transport: any HTTPTransport
    public let baseURL: String
    public let policy: FetchPolicy
    private let now: @Sendable () -> Int64
    private let sleep: @Sendable (Double) async throws -> Void
    private let log: @Sendable (String) -> Void

    /// Creates a fetcher.
    ///
    /// - Parameters:
    ///   - baseURL: e.g. `https://api.binance.com` (no trailing path).
    ///   - now: the current time, epoch ms.
    ///   - sleep: waits the given number of seconds.
    ///   - log: one line per retry or pause.
    public init(
        transport: any HTTPTransport, baseURL: String, policy: FetchPolicy = FetchPolicy(),
        now: @escaping @Sendable () -> Int64, sleep: @escaping @Sendable (Double) async throws -> Void,
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.transport = transport
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.policy = policy
        self.now = now
        self.sleep = sleep
        self.log = log
    }

    /// Fetches closed bars of `symbol`/`interval` with open times in `from...to` (epoch ms), calling
    /// `sink` once per page in ascending time. A sink that throws stops the fetch.
    public func fetch(symbol: String, interval: BarInterval, from: Int64, to: Int64, sink: ([Bar]) throws -> Void) async throws -> FetchSummary {
        guard from <= to else {
            throw FetchError(.flag, "--from \(from) is after --to \(to)", hint: "give --from before --to")
        }
        guard BinanceFileName.isValidSymbol(symbol) else {
            throw FetchError(.flag, "'\(symbol)' is not a Binance symbol", hint: "use upper-case letters and digits, e.g. BTCUSDT")
        }
        var summary = FetchSummary()
        var start = from
        let step = interval.milliseconds ?? 1
        while start <= to {
            let url = "\(baseURL)/api/v3/klines?symbol=\(symbol)&interval=\(interval.name)&startTime=\(start)&endTime=\(to)&limit=\(policy.pageSize)"
            let rows = try await page(url, summary: &summary)
            if rows.isEmpty { break }
            let current = now()
            var bars: [Bar] = []
            bars.reserveCapacity(rows.count)
            var previous = start - 1
            for row in rows {
                guard row.openTime > previous else {
                    throw FetchError(.malformed, "klines are not in ascending time (open time \(row.openTime) after \(previous))", url: url, hint: "retry later; if it persists, report it")
                }
                previous = row.openTime
                if row.openTime > to { break }
                if row.closeTime >= current {
                    summary.droppedOpenCandle = true
                    break
                }
                bars.append(row.bar)
            }
            if !bars.isEmpty {
                try sink(bars)
                summary.bars += bars.count
                summary.lastTime = bars.last!.time
            }
            if summary.droppedOpenCandle || rows.count < policy.pageSize || previous >= to { break }
            start = previous + step
        }
        return summary
    }

    /// One page, with retries; returns its rows.
    private func page(_ url: String, summary: inout FetchSummary) async throws -> [KlineRow] {
        var attempt = 0
        while true {
            attempt += 1
            summary.requests += 1
            var failure = ""
            var wait: Double?
            do {
                let response = try await transport.get(url)
                try await respectWeight(response)
                switch response.status {
                case 200:
                    do {
                        return try KlineRow.parse(response.body)
                    } catch {
                        failure = "malformed response: \(error.message)"
                    }
                case 418:
                    let after = response.headers["retry-after"].map { " for \($0) s" } ?? ""
                    throw FetchError(.banned, "Binance has banned this IP\(after) (HTTP 418) after repeated rate-limit violations", url: url, hint: "stop all fetches from this machine and wait out the ban before trying again")
                case 429:
                    wait = response.headers["retry-after"].flatMap(Double.init)
                    failure = "rate limited (HTTP 429)"
                    if attempt >= policy.maxAttempts {
                        throw FetchError(.rateLimited, "still rate limited after \(attempt) attempts", url: url, hint: "wait a minute, then run the same command: it resumes from the last stored bar")
                    }
                case 500...599:
                    failure = "server error (HTTP \(response.status))"
                default:
                    throw Self.rejection(response, url: url)
                }
            } catch let error as FetchError where error.code != .transport {
                throw error
            } catch let error as FetchError {
                failure = error.message
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                failure = "request failed: \(error.localizedDescription)"
            }
            guard attempt < policy.maxAttempts else {
                throw FetchError(.transport, "\(failure); gave up after \(attempt) attempts", url: url, hint: "check the network or --base-url, then run the same command again: it resumes from the last stored bar")
            }
            let delay = wait ?? policy.backoff(attempt)
            summary.retries += 1
            log("\(failure); retry \(attempt) of \(policy.maxAttempts - 1) in \(delay) s")
            try await sleep(delay)
        }
    }

    private func respectWeight(_ response: HTTPResponse) async throws {
        guard let used = response.headers["x-mbx-used-weight-1m"].flatMap(Int.init),
              Double(used) >= Double(policy.weightLimit) * policy.weightPauseShare
        else { return }
        let wait = Double(60_000 - now() % 60_000) / 1000
        log("request weight \(used) of \(policy.weightLimit) used this minute; pausing \(wait) s")
        try await sleep(wait)
    }

    static func rejection(_ response: HTTPResponse, url: String) -> FetchError {
        // Binance explains 4xx refusals as {"code": -1121, "msg": "Invalid symbol."}.
        var reason = String(decoding: response.body.prefix(200), as: UTF8.self)
        var code: Int?
        if let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any], let message = object["msg"] as? String {
            reason = message
            code = object["code"] as? Int
        }
        let hint = switch code {
        case -1121: "unknown symbol: check --symbol (spot symbols look like BTCUSDT)"
        case -1120: "unknown interval: use 1s, 1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 8h, 12h, 1d, 3d, 1w or 1mo"
        default: "check --symbol, --interval, --from and --to"
        }
        return FetchError(.rejected, "Binance refused the request (HTTP \(response.status)): \(reason)", url: url, hint: hint)
    }
}
