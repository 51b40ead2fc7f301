import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// Installs the fake's HTTP routes on a Hummingbird router.
enum FakeRoutes {
    static let usedWeightHeader = HTTPField.Name("X-MBX-USED-WEIGHT-1M")!
    static let orders10sHeader = HTTPField.Name("X-MBX-ORDER-COUNT-10S")!
    static let ordersDayHeader = HTTPField.Name("X-MBX-ORDER-COUNT-1D")!
    static let apiKeyHeader = HTTPField.Name("X-MBX-APIKEY")!

    /// Every REST endpoint of docs/binance-subset.md.
    static func installREST(on router: Router<BasicWebSocketRequestContext>, exchange: FakeExchange) {
        for route in FakeRoute.allCases {
            router.on(RouterPath(route.path), method: HTTPRequest.Method(route.method)!) { request, _ in
                await handle(route, request: request, exchange: exchange)
            }
        }
    }

    /// Limits, signature, faults, then the call itself.
    static func handle(_ route: FakeRoute, request: Request, exchange: FakeExchange) async -> Response {
        var raw = request.uri.query ?? ""
        if let body = try? await request.body.collect(upTo: 1 << 20), body.readableBytes > 0 {
            let text = String(buffer: body)
            raw = raw.isEmpty ? text : raw + "&" + text
        }
        let (payload, params) = FakeSignature.split(raw)
        let apiKey = request.headers[apiKeyHeader]
        let clientId = params["newClientOrderId"] ?? params["origClientOrderId"] ?? params["listClientOrderId"]
        let admission = await exchange.admit(
            method: route.method, path: route.path, weight: route.weight, isOrder: route.isOrder, apiKey: apiKey, clientOrderId: clientId
        )
        if let refusal = admission.refusal { return await answer(error: refusal, admission: admission, exchange: exchange) }
        do {
            if route.signed { try await exchange.authenticate(apiKey: apiKey, payload: payload, params: params) }
        } catch {
            return await answer(error: error, admission: admission, exchange: exchange)
        }
        let fault = await exchange.takeRequestFault(method: route.method, path: route.path)
        return await run(route, params: params, apiKey: apiKey ?? "", fault: fault, admission: admission, exchange: exchange)
    }

    /// Runs the call under a request fault, if one fires.
    static func run(
        _ route: FakeRoute, params: [String: String], apiKey: String, fault: FakeFault?, admission: FakeAdmission, exchange: FakeExchange
    ) async -> Response {
        let withheldMs = exchange.config.withheldResponseMs
        switch fault?.kind {
        case .dropRequest:
            await exchange.withhold(ms: withheldMs)
            return Response(status: .gatewayTimeout)
        case .dropResponseAfterPlace:
            _ = try? await exchange.execute(route, params: params, apiKey: apiKey)
            await exchange.withhold(ms: withheldMs)
            return Response(status: .gatewayTimeout)
        case .status5xx:
            if fault?.placed == true { _ = try? await exchange.execute(route, params: params, apiKey: apiKey) }
            let error = FakeAPIError(code: -1001, msg: "Internal error; unable to process your request. Please try again.", httpStatus: 503)
            return await answer(error: error, admission: admission, exchange: exchange)
        case .errorCode:
            if fault?.placed == true { _ = try? await exchange.execute(route, params: params, apiKey: apiKey) }
            return await answer(error: .forCode(fault?.code ?? -1006), admission: admission, exchange: exchange)
        case .malformedResponse:
            await exchange.answered(admission.logIndex, status: 200)
            return response(status: 200, body: "[[1704067200000,\"1\"", admission: admission, retryAfter: nil)
        default:
            let response = await perform(route, params: params, apiKey: apiKey, admission: admission, exchange: exchange)
            if let fault, fault.kind == .delayResponse { try? await Task.sleep(for: .milliseconds(fault.ms)) }
            return response
        }
    }

    static func perform(_ route: FakeRoute, params: [String: String], apiKey: String, admission: FakeAdmission, exchange: FakeExchange) async -> Response {
        do {
            let body = try await exchange.execute(route, params: params, apiKey: apiKey)
            await exchange.answered(admission.logIndex, status: 200)
            return response(status: 200, body: body, admission: admission, retryAfter: nil)
        } catch {
            return await answer(error: error, admission: admission, exchange: exchange)
        }
    }

    static func answer(error: FakeAPIError, admission: FakeAdmission, exchange: FakeExchange) async -> Response {
        await exchange.answered(admission.logIndex, status: error.httpStatus)
        let body = FakeJSON.string(["code": error.code, "msg": error.msg])
        return response(status: error.httpStatus, body: body, admission: admission, retryAfter: error.retryAfterSeconds)
    }

    /// A JSON answer with Binance's usage headers.
    static func response(status: Int, body: String, admission: FakeAdmission, retryAfter: Int?) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json;charset=UTF-8"
        headers[usedWeightHeader] = "\(admission.usedWeight)"
        if let count = admission.orders10s { headers[orders10sHeader] = "\(count)" }
        if let count = admission.ordersDay { headers[ordersDayHeader] = "\(count)" }
        if let retryAfter { headers[.retryAfter] = "\(retryAfter)" }
        return Response(status: HTTPResponse.Status(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
