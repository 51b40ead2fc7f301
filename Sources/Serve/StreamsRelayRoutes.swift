import Foundation
import Hummingbird
import HummingbirdWebSocket
import MarketData

/// The streams service speaking Binance's market protocol: `/stream?streams=a/b/c` (WebSocket) and
/// `GET /api/v3/klines` from the store. Sessions the executor starts on a symbol the service keeps
/// read their market here, so the exchange sees one connection per symbol.
struct StreamsRelayRoutes {
    let streams: StreamsService

    func install(on router: Router<BasicWebSocketRequestContext>) {
        router.ws("/stream", shouldUpgrade: { request, _ in
            request.uri.queryParameters.get("streams") == nil ? .dontUpgrade : .upgrade([:])
        }) { inbound, outbound, context in
            let names = Set((context.request.uri.queryParameters.get("streams") ?? "").split(separator: "/").map { $0.lowercased() })
            let (id, frames) = await streams.subscribeRelay(streams: names)
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await frame in frames { try? await outbound.write(.text(frame)) }
                }
                group.addTask {
                    // Binance's market streams take no requests; reading only notices the close.
                    do {
                        for try await _ in inbound.messages(maxSize: 1 << 16) {}
                    } catch {
                        return
                    }
                }
                await group.next()
                group.cancelAll()
            }
            await streams.unsubscribeRelay(id)
        }
        router.get("/api/v3/klines") { request, _ in
            let query = request.uri.queryParameters
            guard let symbol = query.get("symbol")?.uppercased(), let interval = query.get("interval") else {
                return JSONReply.error(400, "invalid", "klines need symbol and interval")
            }
            let limit = min(max(query.get("limit", as: Int.self) ?? 500, 1), 1000)
            do {
                let rows = try await streams.klines(
                    symbol: symbol, interval: interval, start: query.get("startTime", as: Int64.self), end: query.get("endTime", as: Int64.self), limit: limit
                )
                let step = BarInterval(interval)?.milliseconds ?? 60_000
                let body = "[" + rows.map { row in
                    let close = row.time + step - 1
                    return #"[\#(row.time),"\#(row.open)","\#(row.high)","\#(row.low)","\#(row.close)","\#(row.volume)",\#(close),"0",0,"0","0","0"]"#
                }.joined(separator: ",") + "]"
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
            } catch {
                return JSONReply.error(503, "store", "cannot read the bar store: \(error)")
            }
        }
    }
}
