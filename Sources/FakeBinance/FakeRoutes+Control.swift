import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import NIOCore

extension FakeRoutes {
    /// The `/fake/` control API (JSON, unsigned).
    static func installControl(on router: Router<BasicWebSocketRequestContext>, exchange: FakeExchange) {
        router.post("/fake/faults") { request, _ in
            let json = await body(request)
            let faults = (json["faults"] as? [[String: Any]] ?? []).compactMap(FakeFault.parse)
            await exchange.inject(faults)
            return control(["queued": faults.count])
        }
        router.post("/fake/price") { request, _ in
            let json = await body(request)
            guard let symbol = json["symbol"] as? String, let price = decimal(json["price"]) else { return control(["error": "symbol and price"], 400) }
            await exchange.setPrice(symbol: symbol, price: price)
            return control(["symbol": symbol, "price": FakeJSON.dec(price)])
        }
        router.post("/fake/bar") { request, _ in
            let json = await body(request)
            guard let symbol = json["symbol"] as? String, let open = decimal(json["open"]), let high = decimal(json["high"]),
                let low = decimal(json["low"]), let close = decimal(json["close"])
            else { return control(["error": "symbol, open, high, low, close"], 400) }
            let openTime = (json["openTime"] as? NSNumber)?.int64Value
            await exchange.bar(symbol: symbol, open: open, high: high, low: low, close: close, volume: decimal(json["volume"]) ?? 1, openTime: openTime)
            return control(["symbol": symbol])
        }
        router.post("/fake/foreign-order") { request, _ in
            let json = await body(request)
            let firstKey = exchange.config.accounts.first?.apiKey ?? ""
            do {
                let order = try await exchange.placeForeignOrder(
                    apiKey: json["apiKey"] as? String ?? firstKey, symbol: json["symbol"] as? String ?? "BTCUSDT",
                    side: json["side"] as? String ?? "BUY", quantity: decimal(json["quantity"]), price: decimal(json["price"])
                )
                return control(FakeJSON.order(order))
            } catch let error as FakeAPIError {
                return control(["code": error.code, "msg": error.msg], error.httpStatus)
            } catch {
                return control(["error": "\(error)"], 500)
            }
        }
        installControlState(on: router, exchange: exchange)
    }

    /// `/fake/symbol-status`, `/fake/clock`, `/fake/state`.
    static func installControlState(on router: Router<BasicWebSocketRequestContext>, exchange: FakeExchange) {
        router.post("/fake/symbol-status") { request, _ in
            let json = await body(request)
            guard let symbol = json["symbol"] as? String, var rules = await exchange.rules(symbol) else { return control(["error": "symbol"], 400) }
            if let status = json["status"] as? String { rules.status = status }
            if let value = decimal(json["tickSize"]) { rules.tickSize = value }
            if let value = decimal(json["stepSize"]) { rules.stepSize = value }
            if let value = decimal(json["minQty"]) { rules.minQty = value }
            if let value = decimal(json["minNotional"]) { rules.minNotional = value }
            if let value = decimal(json["minPrice"]) { rules.minPrice = value }
            await exchange.setRules(rules)
            return control(FakeExchange.symbolInfo(rules))
        }
        router.post("/fake/clock") { request, _ in
            let json = await body(request)
            await exchange.advanceClock(ms: (json["advanceMs"] as? NSNumber)?.int64Value ?? 0)
            return control(["nowMs": await exchange.nowMs()])
        }
        router.get("/fake/state") { _, _ in
            control(stateJSON(await exchange.state()))
        }
    }

    static func stateJSON(_ state: FakeState) -> [String: Any] {
        [
            "nowMs": state.nowMs, "retryAfterUntilMs": state.retryAfterUntilMs, "bannedUntilMs": state.bannedUntilMs,
            "orders": state.orders.map { order -> [String: Any] in
                var json = FakeJSON.order(order)
                json["apiKey"] = order.apiKey
                return json
            },
            "trades": state.trades.map { FakeJSON.trade($0) },
            "balances": state.balances.map { ["apiKey": $0.apiKey, "asset": $0.asset, "free": FakeJSON.dec($0.free), "locked": FakeJSON.dec($0.locked)] },
            "requests": state.requests.map { record -> [String: Any] in
                [
                    "method": record.method, "path": record.path, "clientOrderId": record.clientOrderId ?? NSNull(),
                    "receivedAt": record.receivedAt, "answeredStatus": record.answeredStatus ?? NSNull(), "refused": record.refused,
                ]
            },
        ]
    }

    static func body(_ request: Request) async -> [String: Any] {
        guard let buffer = try? await request.body.collect(upTo: 1 << 20) else { return [:] }
        return FakeJSON.object(String(buffer: buffer)) ?? [:]
    }

    static func decimal(_ value: Any?) -> Decimal? {
        if let text = value as? String { return FakeDecimal.parse(text) }
        if let number = value as? NSNumber { return FakeDecimal.parse(number.stringValue) }
        return nil
    }

    static func control(_ json: [String: Any], _ status: Int = 200) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: HTTPResponse.Status(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: FakeJSON.string(json))))
    }
}
