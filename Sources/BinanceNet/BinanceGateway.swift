public import Binance

/// ``ExchangeGateway`` over Binance's REST API and WebSocket API: signed requests stamped with the
/// synced exchange clock, local rate-limit refusals, a per-request timeout whose expiry is an
/// unknown outcome, and the user-data stream.
///
/// The observer sees the method, path, HTTP status and Binance code of every call, never the query.
public actor BinanceGateway: ExchangeGateway {
    /// How a request is signed.
    enum Signing {
        /// Public endpoint.
        case none
        /// Stamped now from the synced clock with the configured recvWindow.
        case now
        /// Stamped with the journaled `timestamp` and `recvWindow` of an order.
        case fixed(timestamp: Int64, recvWindow: Int)
    }

    let configuration: BinanceGatewayConfiguration
    let credentials: BinanceCredentials
    let transport: any BinanceTransport
    let clock: any WallClock
    let observer: @Sendable (BinanceCallRecord) -> Void
    /// Offset to the exchange's clock.
    public private(set) var clockSync: ClockSync
    /// Rules, usage and Retry-After / ban windows.
    public private(set) var rateLimits: RateLimitState

    /// A gateway for `credentials` at `configuration`'s addresses, sending through `transport`.
    public init(
        configuration: BinanceGatewayConfiguration, credentials: BinanceCredentials, transport: any BinanceTransport = URLSessionBinanceTransport(),
        clock: any WallClock = SystemWallClock(), observer: @escaping @Sendable (BinanceCallRecord) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.credentials = credentials
        self.transport = transport
        self.clock = clock
        self.observer = observer
        clockSync = ClockSync()
        rateLimits = RateLimitState(cancelReserve: configuration.cancelReserve)
    }

    /// The exchange's time now by the synced clock (epoch ms): what an order intent's `timestamp` should be.
    public func exchangeNowMs() -> Int64 { clockSync.exchangeTime(localMs: clock.nowMs()) }

    /// Measures the offset to the exchange's clock with `GET /api/v3/time`; returns the server time.
    @discardableResult public func syncClock() async throws(GatewayError) -> Int64 {
        let t0 = clock.nowMs()
        let body = try await call("GET", "/api/v3/time", [], signing: .none, spends: .query(weight: 1))
        let serverTime = try BinanceJSON.serverTime(body)
        clockSync.record(t0: t0, serverTime: serverTime, t1: clock.nowMs())
        return serverTime
    }

    func replaceRateLimits(_ state: RateLimitState) { rateLimits = state }

    /// Sends one request and returns the body of a 2xx answer; anything else throws a classified error.
    func call(
        _ method: String, _ path: String, _ parameters: [(String, String)], signing: Signing, spends: RateLimitState.Request
    ) async throws(GatewayError) -> [UInt8] {
        let started = clock.nowMs()
        do {
            try rateLimits.admit(spends, nowMs: clockSync.exchangeTime(localMs: started))
            let request = try await makeRequest(method, path, parameters, signing: signing, isNewOrder: isNewOrder(spends))
            let response = try await send(request)
            return try absorb(response, method: method, path: path, started: started)
        } catch {
            if error.httpStatus == nil { record(method, path, status: nil, code: nil, failure: error.kind, started: started) }
            throw error
        }
    }

    private func isNewOrder(_ request: RateLimitState.Request) -> Bool {
        if case .newOrder = request { return true }
        return false
    }

    private func makeRequest(
        _ method: String, _ path: String, _ parameters: [(String, String)], signing: Signing, isNewOrder: Bool
    ) async throws(GatewayError) -> BinanceHTTPRequest {
        let query: String
        switch signing {
        case .none:
            query = BinanceQuery.build(parameters)
        case .now:
            if !clockSync.isSynced { try await syncClock() }
            query = BinanceQuery.signed(
                parameters, timestamp: exchangeNowMs(), recvWindow: configuration.recvWindow, signer: credentials.signer)
        case .fixed(let timestamp, let recvWindow):
            if !clockSync.isSynced { try await syncClock() }
            if isNewOrder, !clockSync.isUsable(recvWindow: recvWindow) {
                throw GatewayError(.clockSkew, message: "refused locally: the local clock is \(clockSync.offsetMs ?? 0) ms off the exchange's")
            }
            query = BinanceQuery.signed(parameters, timestamp: timestamp, recvWindow: recvWindow, signer: credentials.signer)
        }
        let url = configuration.restBaseURL + path + (query.isEmpty ? "" : "?" + query)
        var headers: [String: String] = [:]
        if case .none = signing {} else { headers["X-MBX-APIKEY"] = credentials.apiKey }
        return BinanceHTTPRequest(method: method, url: url, headers: headers)
    }

    /// Sends with the per-request timeout: a request that may have left is an unknown outcome.
    ///
    /// The transfer and the timer race in unstructured tasks: the caller gets the first to finish and
    /// never waits for the other (a task group would wait for an abandoned transfer to end).
    private func send(_ request: BinanceHTTPRequest) async throws(GatewayError) -> BinanceHTTPResponse {
        let transport = transport
        let timeout = configuration.requestTimeout
        let result: Result<BinanceHTTPResponse, TransportFailure>? = await withCheckedContinuation { continuation in
            let once = ResumeOnce()
            let transfer = Task {
                let outcome: Result<BinanceHTTPResponse, TransportFailure>
                do throws(TransportFailure) { outcome = .success(try await transport.send(request)) } catch { outcome = .failure(error) }
                if once.claim() { continuation.resume(returning: outcome) }
            }
            Task {
                try? await Task.sleep(for: timeout)
                if once.claim() {
                    transfer.cancel()
                    continuation.resume(returning: nil)
                }
            }
        }
        switch result {
        case .success(let response): return response
        case .failure(let failure) where failure.kind == .notSent: throw GatewayError(.unreachable, message: failure.message)
        case .failure(let failure): throw GatewayError(.unknownOutcome, message: failure.message)
        case nil: throw GatewayError(.unknownOutcome, message: "no answer within \(timeout)")
        }
    }

    private func absorb(_ response: BinanceHTTPResponse, method: String, path: String, started: Int64) throws(GatewayError) -> [UInt8] {
        let now = clockSync.exchangeTime(localMs: clock.nowMs())
        rateLimits.observe(headers: response.headers, nowMs: now)
        if (200..<300).contains(response.status) {
            record(method, path, status: response.status, code: nil, failure: nil, started: started)
            return response.body
        }
        let parsed = BinanceJSON.error(response.body)
        let error = GatewayError.classify(
            httpStatus: response.status, code: parsed?.code, message: parsed?.message ?? "", headers: response.headers, nowMs: now)
        rateLimits.observe(error: error)
        if error.kind == .clockSkew { clockSync = ClockSync(marginMs: clockSync.marginMs) }
        record(method, path, status: response.status, code: parsed?.code, failure: error.kind, started: started)
        throw error
    }

    private func record(_ method: String, _ path: String, status: Int?, code: Int?, failure: GatewayError.Kind?, started: Int64) {
        observer(BinanceCallRecord(method: method, path: path, httpStatus: status, code: code, failure: failure, durationMs: clock.nowMs() - started))
    }
}
